using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;

namespace ATTR35.Commands;

/// <summary>Turns the -Server values into the endpoints the resolver asks.</summary>
internal static class ServerList
{
    /// <summary>
    /// Parses every value and resolves host names through the system's resolver, each lookup
    /// bounded by <paramref name="timeout"/> and abandoned at once when
    /// <paramref name="cancellationToken"/> is cancelled (Ctrl+C). Bad input throws
    /// <see cref="ServerListException"/> with the error record to terminate with.
    /// </summary>
    public static async Task<IReadOnlyList<IPEndPoint>> ResolveAsync(string[]? servers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (servers is null || servers.Length == 0)
        {
            return Array.Empty<IPEndPoint>();
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var text in servers)
        {
            if (!NameServerSpec.TryParse(text, out var spec, out var reason))
            {
                throw new ServerListException(InputErrors.InvalidInput(ErrorIds.InvalidServer,
                    $"The -Server value '{text}' is not usable: {reason}. Give an address, address:port, [IPv6]:port or a host name, for example 192.0.2.53 or 192.0.2.53:5300.", text));
            }

            if (spec!.Address is not null)
            {
                endpoints.Add(new IPEndPoint(spec.Address, spec.Port));
                continue;
            }

            IPAddress[] addresses;
            try
            {
                addresses = await LookupAsync(spec.Host, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new ServerListException(new ErrorRecord(new ArgumentException($"The -Server host name '{spec.Host}' could not be resolved ({ex.Message}). Give the server's IP address instead.", ex),
                    ErrorIds.ServerNotResolvable.Id, ErrorCategory.InvalidArgument, text));
            }

            endpoints.AddRange(addresses.Select(a => new IPEndPoint(a, spec.Port)));
        }

        return endpoints;
    }

    private static async Task<IPAddress[]> LookupAsync(string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The system resolver takes no token: race it against the bound and Ctrl+C instead.
        var lookup = System.Net.Dns.GetHostAddressesAsync(host);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, stop.Token);
        var first = await Task.WhenAny(lookup, delay).ConfigureAwait(false);
        stop.Cancel();
        if (first != lookup)
        {
            _ = lookup.ContinueWith(t => t.Exception, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"the system resolver did not answer within {timeout.TotalSeconds:0} s");
        }

        return await lookup.ConfigureAwait(false);
    }
}
