using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// A DNS script for retransmission tests: drops the first messages (lost datagrams), answers the
/// first ones after them with another transaction id (late answers to an earlier question), and
/// the rest with NXDOMAIN at once.
/// </summary>
public sealed class LossyDnsScript
{
    private int _dropFirst;

    public LossyDnsScript(int dropFirst, int wrongIdFirst = 0)
    {
        _dropFirst = dropFirst;
        WrongIdFirst = wrongIdFirst;
    }

    /// <summary>Messages numbered up to this one (from 1) get no answer.</summary>
    public int DropFirst
    {
        get => Volatile.Read(ref _dropFirst);
        set => Volatile.Write(ref _dropFirst, value);
    }

    /// <summary>Messages numbered up to this one are answered with a transaction id that is not theirs.</summary>
    public int WrongIdFirst { get; }

    /// <summary>The script, for <see cref="ScriptedDnsServer"/>.</summary>
    public Task<byte[]?> AnswerAsync(DnsExchange exchange)
    {
        int end = exchange.QuestionEnd;
        if (exchange.Number <= DropFirst || end < 0)
        {
            return Task.FromResult<byte[]?>(null);
        }

        // The question echoed back as a response: QR and RA set, RCODE 3 (NXDOMAIN), no records
        // (any OPT record the client added is dropped with ARCOUNT = 0).
        byte[] reply = new byte[end];
        System.Array.Copy(exchange.Query, reply, end);
        reply[2] = (byte)(0x80 | (reply[2] & 0x01));
        reply[3] = 0x83;
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
        if (exchange.Number <= WrongIdFirst)
        {
            reply[0] ^= 0x5A;
        }

        return Task.FromResult<byte[]?>(reply);
    }
}
