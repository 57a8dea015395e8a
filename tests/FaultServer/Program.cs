using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// <c>FaultServer --address 127.0.0.1 --state &lt;file.json&gt;</c>: one listener per scenario on an
/// OS-assigned port, the ports written to the state file once every listener is up, served until
/// SIGTERM or SIGINT.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: FaultServer --address <ip> --state <file.json>";

    private static async Task<int> Main(string[] args)
    {
        if (!TryParseArguments(args, out IPAddress address, out string statePath, out string error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        var recorder = new LineRecorder(statePath + ".recorder.log");
        var listeners = new List<(string Scenario, TcpListener Listener)>();
        try
        {
            foreach (string scenario in Scenarios.Names)
            {
                var listener = new TcpListener(address, 0);
                listener.Start();
                listeners.Add((scenario, listener));
            }

            WriteState(statePath, listeners);
            foreach ((string scenario, TcpListener listener) in listeners)
            {
                _ = AcceptLoopAsync(scenario, listener, recorder, stop.Token);
            }

            await Console.Out.WriteLineAsync($"FaultServer: {listeners.Count} scenarios on {address}, state in {statePath}");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or SIGINT: a clean exit.
            }
        }
        finally
        {
            foreach ((_, TcpListener listener) in listeners)
            {
                listener.Stop();
            }
        }

        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static bool TryParseArguments(
        string[] args, out IPAddress address, out string statePath, out string error)
    {
        address = IPAddress.Loopback;
        statePath = string.Empty;
        error = string.Empty;
        string? addressText = null;
        string? stateText = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--address" when value is not null:
                    addressText = value;
                    i++;
                    break;
                case "--state" when value is not null:
                    stateText = value;
                    i++;
                    break;
                default:
                    error = $"unexpected argument '{args[i]}'";
                    return false;
            }
        }

        if (addressText is null || !IPAddress.TryParse(addressText, out IPAddress? parsed))
        {
            error = "--address must be an IP address";
            return false;
        }

        if (string.IsNullOrWhiteSpace(stateText))
        {
            error = "--state is required";
            return false;
        }

        address = parsed;
        statePath = Path.GetFullPath(stateText);
        return true;
    }

    // Written to a temporary file and renamed, so a reader polling for the file never sees half of it.
    private static void WriteState(string statePath, List<(string Scenario, TcpListener Listener)> listeners)
    {
        string temporary = statePath + ".tmp";
        using (FileStream file = File.Create(temporary))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach ((string scenario, TcpListener listener) in listeners)
            {
                json.WriteNumber(scenario, ((IPEndPoint)listener.LocalEndpoint).Port);
            }

            json.WriteEndObject();
        }

        File.Move(temporary, statePath, overwrite: true);
    }

    private static async Task AcceptLoopAsync(
        string scenario, TcpListener listener, LineRecorder recorder, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellation);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(scenario, client, recorder, cancellation);
        }
    }

    private static async Task ServeAsync(
        string scenario, TcpClient client, LineRecorder recorder, CancellationToken cancellation)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                await Scenarios.RunAsync(scenario, client, recorder, cancellation);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to report.
            }
            catch (Exception ex)
            {
                await Console.Error.WriteLineAsync($"FaultServer: {scenario}: {ex}");
            }
        }
    }
}
