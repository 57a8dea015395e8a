using System.Threading;

namespace ATTR35.FaultServer;

/// <summary>What every SMTP scenario shares: the recorder log, the certificates, a connection counter.</summary>
internal sealed class ScenarioContext
{
    private int _connections;

    public ScenarioContext(LineRecorder recorder, FaultCertificates certificates)
    {
        Recorder = recorder;
        Certificates = certificates;
    }

    public LineRecorder Recorder { get; }

    public FaultCertificates Certificates { get; }

    /// <summary>A number for the next connection, so the recorder log keeps sessions apart.</summary>
    public int NextConnection() => Interlocked.Increment(ref _connections);
}
