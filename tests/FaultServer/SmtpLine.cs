using System.Text;

namespace ATTR35.FaultServer;

/// <summary>One line a client sent: its bytes without the line end.</summary>
internal sealed record SmtpLine(byte[] Bytes, SmtpLineEnd End, bool TooLong)
{
    /// <summary>The line as text, one character per byte, so no input can fail to decode.</summary>
    public string Text => Encoding.Latin1.GetString(Bytes);

    /// <summary>
    /// The line for the recorder log: printable ASCII as is, every other byte (control
    /// characters, DEL, bytes of 0x80 and above, and the backslash itself) as \xNN. A bare LF
    /// end shows as a trailing \x0A; a line cut at the length limit ends with [too long].
    /// </summary>
    public string Escaped
    {
        get
        {
            var text = new StringBuilder(Bytes.Length + 16);
            foreach (byte value in Bytes)
            {
                if (value >= 0x20 && value < 0x7F && value != (byte)'\\')
                {
                    text.Append((char)value);
                }
                else
                {
                    text.Append("\\x").Append(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (End == SmtpLineEnd.Lf)
            {
                text.Append("\\x0A");
            }

            if (TooLong)
            {
                text.Append(" [too long]");
            }

            return text.ToString();
        }
    }
}
