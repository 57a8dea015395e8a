using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.FaultServer.Dns;

namespace ATTR35.FaultServer;

/// <summary>
/// <c>FaultServer --address 127.0.0.1 --state &lt;file.json&gt;</c>: one SMTP listener per scenario on an
/// OS-assigned port, the ports written to the state file once every listener is up, served until
/// SIGTERM or SIGINT. With <c>--dns --upstream &lt;ip:port&gt;</c> the same for the DNS scenarios
/// (UDP and TCP on one port each), passing real questions on to the lab's BIND server.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: FaultServer --address <ip> --state <file.json> [--dns --upstream <ip:port>]";

    private static async Task<int> Main(string[] args)
    {
        if (!TryParseArguments(args, out Arguments arguments, out string error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        return arguments.Upstream is null
            ? await RunSmtpAsync(arguments.Address, arguments.StatePath, stop.Token)
            : await RunDnsAsync(arguments.Address, arguments.StatePath, arguments.Upstream, stop.Token);

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> RunDnsAsync(IPAddress address, string statePath, IPEndPoint upstream, CancellationToken stop)
    {
        var server = new DnsFaultServer(address, upstream, statePath + ".recorder.log");
        try
        {
            WriteState(statePath, server.Start());
            await Console.Out.WriteLineAsync($"FaultServer: {DnsFaultServer.Names.Length} DNS scenarios on {address}, upstream {upstream}, state in {statePath}");
            await WaitAsync(stop);
        }
        finally
        {
            server.Stop();
        }

        return 0;
    }

    private static async Task WaitAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or SIGINT: a clean exit.
        }
    }

    private static async Task<int> RunSmtpAsync(IPAddress address, string statePath, CancellationToken stop)
    {
        var certificates = new FaultCertificates(statePath + ".ca.pem");
        var recorder = new LineRecorder(statePath + ".recorder.log");
        var context = new ScenarioContext(recorder, certificates);
        var servers = new List<(string Scenario, ScriptedSmtpServer Server)>();
        try
        {
            // One listener per scenario, hosted by the same server class the xunit tests use in-process.
            foreach (string scenario in Scenarios.Names)
            {
                servers.Add((scenario, new ScriptedSmtpServer(
                    address,
                    connection => Scenarios.RunAsync(scenario, connection.Client, context, connection.Stop),
                    ex => Console.Error.WriteLine($"FaultServer: {scenario}: {ex}"))));
            }

            WriteState(statePath, servers.ConvertAll(s => (s.Scenario, s.Server.Endpoint.Port)));
            await Console.Out.WriteLineAsync($"FaultServer: {servers.Count} scenarios on {address}, state in {statePath}");
            await WaitAsync(stop);
        }
        finally
        {
            foreach ((_, ScriptedSmtpServer server) in servers)
            {
                await server.DisposeAsync();
            }
        }

        return 0;
    }

    private static bool TryParseArguments(string[] args, out Arguments arguments, out string error)
    {
        arguments = new Arguments(IPAddress.Loopback, string.Empty, null);
        error = string.Empty;
        string? addressText = null;
        string? stateText = null;
        string? upstreamText = null;
        bool dns = false;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--dns":
                    dns = true;
                    break;
                case "--upstream" when value is not null:
                    upstreamText = value;
                    i++;
                    break;
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

        IPEndPoint? upstream = null;
        if (dns && (upstreamText is null || !IPEndPoint.TryParse(upstreamText, out upstream) || upstream.Port == 0))
        {
            error = "--dns needs --upstream <ip:port>, the lab's BIND server";
            return false;
        }

        if (!dns && upstreamText is not null)
        {
            error = "--upstream is only for --dns";
            return false;
        }

        arguments = new Arguments(parsed, Path.GetFullPath(stateText), upstream);
        return true;
    }

    // Written to a temporary file and renamed, so a reader polling for the file never sees half of it.
    private static void WriteState(string statePath, List<(string Scenario, int Port)> listeners)
    {
        string temporary = statePath + ".tmp";
        using (FileStream file = File.Create(temporary))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach ((string scenario, int port) in listeners)
            {
                json.WriteNumber(scenario, port);
            }

            json.WriteEndObject();
        }

        File.Move(temporary, statePath, overwrite: true);
    }

    private sealed record Arguments(IPAddress Address, string StatePath, IPEndPoint? Upstream);
}
