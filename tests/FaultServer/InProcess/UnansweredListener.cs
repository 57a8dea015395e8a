using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// A listening socket on 127.0.0.1 whose accept queue is full, so a new connect gets no answer at
/// all: Linux drops SYNs once a listener's queue is full (Windows answers with a reset instead, so
/// this plays an unanswered connect on Linux only).
/// </summary>
public sealed class UnansweredListener : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = new();

    private UnansweredListener()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>How many connections were made to fill the queue.</summary>
    public int Fillers => _fillers.Count;

    /// <summary>Listens with a backlog of 0 and connects until a connect is left unanswered (at most 8).</summary>
    public static async Task<UnansweredListener> StartAsync()
    {
        var listener = new UnansweredListener();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener._fillers.Add(filler);
                var connect = filler.ConnectAsync(listener.EndPoint);
                if (await Task.WhenAny(connect, Task.Delay(300)).ConfigureAwait(false) != connect)
                {
                    break; // the queue is full
                }
            }

            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>An endpoint on 127.0.0.1 where nothing listens (a port the system just handed out and took back), so a connect is refused.</summary>
    public static IPEndPoint NothingListening()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        return endpoint;
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
