using System;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// A DNS script that answers every question with one MX record, "MX 10 mx.&lt;name&gt;", after a
/// delay, optionally ignoring the first messages (lost datagrams).
/// </summary>
public sealed class DelayedMxScript
{
    private readonly TimeSpan _delay;
    private readonly int _ignoreFirst;

    public DelayedMxScript(TimeSpan delay, int ignoreFirst = 0)
    {
        _delay = delay;
        _ignoreFirst = ignoreFirst;
    }

    /// <summary>The script, for <see cref="ScriptedDnsServer"/>.</summary>
    public async Task<byte[]?> AnswerAsync(DnsExchange exchange)
    {
        int end = exchange.QuestionEnd;
        if (exchange.Number <= _ignoreFirst || end < 0)
        {
            return null;
        }

        // Each copy waits on its own: a later copy never hurries or replaces an earlier one.
        await Task.Delay(_delay, exchange.Stop).ConfigureAwait(false);
        return Answer(exchange.Query, end);
    }

    // The question echoed, and "MX 10 mx.<name>" with the owner as a pointer to the question.
    private static byte[] Answer(byte[] query, int end)
    {
        byte[] record = { 0xC0, 0x0C, 0, 15, 0, 1, 0, 0, 0, 60, 0, 7, 0, 10, 2, (byte)'m', (byte)'x', 0xC0, 0x0C };
        var response = new byte[end + record.Length];
        Array.Copy(query, response, end);
        response[2] = (byte)(0x84 | (query[2] & 0x01));
        response[3] = 0;
        response[7] = 1;
        response[8] = response[9] = response[10] = response[11] = 0;
        record.CopyTo(response, end);
        return response;
    }
}
