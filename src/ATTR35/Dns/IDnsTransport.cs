using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Dns;

/// <summary>
/// Sends one DNS question. Implemented over DnsClient in the isolated ATTR35.DnsClient assembly;
/// everything above it works with these plain types, so DnsClient never appears in ATTR35 itself.
/// Implementations never throw for network or DNS failures: they return a failed <see cref="DnsAnswer"/>.
/// </summary>
internal interface IDnsTransport
{
    /// <summary>Asks one question, bounded by <see cref="DnsQuery.Timeout"/> and the token.</summary>
    Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken);
}
