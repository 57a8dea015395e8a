using System.IO;
using System.Text;

namespace ATTR35.FaultServer;

/// <summary>
/// Appends what clients of the <c>recorder</c> scenario sent, one escaped line per client line,
/// to a log the tests read. Emptied at start; each line is on disk before the reply is sent.
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

    public void Append(SmtpLine line)
    {
        lock (_gate)
        {
            File.AppendAllText(_path, line.Escaped + "\n", Encoding.ASCII);
        }
    }
}
