using System.IO;
using System.Text;

namespace ATTR35.FaultServer;

/// <summary>
/// Appends every line SMTP clients sent to any session scenario, one escaped line per client line,
/// to a log the tests read: <c>#&lt;connection&gt; &lt;scenario&gt; &lt;line&gt;</c>. Emptied at start; each
/// line is on disk before the reply is sent.
/// </summary>
internal sealed class LineRecorder
{
    private readonly string _path;
    private readonly object _gate = new();

    public LineRecorder(string path)
    {
        _path = path;
        File.WriteAllText(_path, string.Empty);
    }

    public void Append(int connection, string scenario, SmtpLine line)
    {
        lock (_gate)
        {
            File.AppendAllText(_path, $"#{connection} {scenario} {line.Escaped}\n", Encoding.ASCII);
        }
    }
}
