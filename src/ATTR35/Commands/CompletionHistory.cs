using System;
using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Commands;

/// <summary>
/// What the cmdlets have seen in this PowerShell process, for argument completion: the domains,
/// hosts, DNS servers and sender addresses of earlier results. Completion stays in memory and
/// never queries anything (no DNS, no Exchange cmdlet), so it is instant and works offline.
/// </summary>
internal static class CompletionHistory
{
    // Enough for a tenant's accepted domains; small enough that a completion list stays readable.
    private const int Capacity = 256;

    private static readonly object s_gate = new();
    private static readonly RecentValues s_domains = new(Capacity);
    private static readonly RecentValues s_servers = new(Capacity);
    private static readonly RecentValues s_smartHosts = new(Capacity);
    private static readonly RecentValues s_senderAddresses = new(Capacity);
    private static readonly Dictionary<string, RecentValues> s_tenantHosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remembers what a result names. Called on the pipeline thread for every result written.</summary>
    public static void Remember(object? result)
    {
        lock (s_gate)
        {
            switch (result)
            {
                case MxRecordResult mx:
                    s_domains.Add(mx.DomainName);
                    foreach (var record in mx.Records.Where(r => r is not null && r.HostKind == HostKind.Microsoft365))
                    {
                        AddTenantHost(mx.DomainName, record.Host);
                    }

                    AddTenantHost(mx.DomainName, mx.ExpectedHost);
                    break;

                case SmartHostResult smartHost:
                    s_smartHosts.Add(smartHost.SmartHost);
                    s_domains.Add(smartHost.DomainName);
                    AddTenantHost(smartHost.DomainName, smartHost.ExpectedHost);
                    foreach (var host in smartHost.ReferenceHosts)
                    {
                        AddTenantHost(smartHost.DomainName, host);
                    }

                    s_senderAddresses.Add(smartHost.Probe?.ObservedClientAddress);
                    s_senderAddresses.Add(smartHost.ReferenceProbe?.ObservedClientAddress);
                    break;

                case Attr35Diagnosis diagnosis:
                    s_domains.Add(diagnosis.DomainName);
                    foreach (var relay in diagnosis.Relays)
                    {
                        s_smartHosts.Add(relay);
                    }

                    // The checks it ran name hosts and addresses too (the lock is re-entrant).
                    Remember(diagnosis.MxRecord);
                    Remember(diagnosis.InboundConnector);
                    foreach (var smartHost in diagnosis.SmartHosts)
                    {
                        Remember(smartHost);
                    }

                    break;

                case InboundConnectorResult connector:
                    s_senderAddresses.Add(connector.SenderIPAddress);
                    foreach (var domain in connector.AcceptedDomains)
                    {
                        s_domains.Add(domain);
                    }

                    break;
            }
        }
    }

    /// <summary>Remembers the -Server values of a run whose servers could be used.</summary>
    public static void RememberServers(IEnumerable<string>? servers)
    {
        if (servers is null)
        {
            return;
        }

        lock (s_gate)
        {
            foreach (var server in servers)
            {
                s_servers.Add(server);
            }
        }
    }

    /// <summary>Domains checked or named, most recent first.</summary>
    public static string[] Domains() => Read(s_domains);

    /// <summary>-Server values used, most recent first.</summary>
    public static string[] Servers() => Read(s_servers);

    /// <summary>Smart hosts checked, most recent first.</summary>
    public static string[] SmartHosts() => Read(s_smartHosts);

    /// <summary>Sender addresses given, and client addresses Exchange Online reported in probes.</summary>
    public static string[] SenderAddresses() => Read(s_senderAddresses);

    /// <summary>
    /// Microsoft 365 hosts seen for <paramref name="domain"/> (its MX records, -ExpectedHost, the
    /// reference hosts of a smart host check); for no domain, those of every domain.
    /// </summary>
    public static string[] TenantHosts(string? domain)
    {
        lock (s_gate)
        {
            if (domain is not null)
            {
                return s_tenantHosts.TryGetValue(domain, out var hosts) ? hosts.ToArray() : Array.Empty<string>();
            }

            return s_tenantHosts.Values.SelectMany(h => h.ToArray()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }
    }

    /// <summary>Forgets everything (tests).</summary>
    internal static void Clear()
    {
        lock (s_gate)
        {
            s_domains.Clear();
            s_servers.Clear();
            s_smartHosts.Clear();
            s_senderAddresses.Clear();
            s_tenantHosts.Clear();
        }
    }

    private static void AddTenantHost(string? domain, string? host)
    {
        if (string.IsNullOrWhiteSpace(domain) || string.IsNullOrWhiteSpace(host))
        {
            return;
        }

        if (!s_tenantHosts.TryGetValue(domain!, out var hosts))
        {
            if (s_tenantHosts.Count >= Capacity)
            {
                return;
            }

            hosts = new RecentValues(8);
            s_tenantHosts[domain!] = hosts;
        }

        hosts.Add(host);
    }

    private static string[] Read(RecentValues values)
    {
        lock (s_gate)
        {
            return values.ToArray();
        }
    }
}
