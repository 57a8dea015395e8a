using System;
using System.Collections.Generic;
using System.Net;

namespace ATTR35.Dns;

/// <summary>One question for <see cref="IDnsTransport"/>.</summary>
/// <param name="Name">The name asked for, ASCII, no trailing dot.</param>
/// <param name="Type">The record type.</param>
/// <param name="Servers">The servers to ask, in order; empty means the system's resolvers.</param>
/// <param name="Timeout">The bound on the whole question, retries included.</param>
/// <param name="Recursion">Whether to set RD; off when asking an authoritative server directly.</param>
internal sealed record DnsQuery(string Name, DnsRecordType Type, IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, bool Recursion = true);
