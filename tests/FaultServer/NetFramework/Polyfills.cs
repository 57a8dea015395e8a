#if NETFRAMEWORK
using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer
{
    /// <summary>
    /// The few .NET APIs the in-process servers use that .NET Framework 4.7.2 lacks, written over
    /// what it has, so one source serves both builds.
    /// </summary>
    internal static class Polyfills
    {
        // The listener is stopped to end the wait; the token only stops a wait not yet started.
        public static Task<TcpClient> AcceptTcpClientAsync(this TcpListener listener, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return listener.AcceptTcpClientAsync();
        }

        public static async Task WaitAsync(this Task task, TimeSpan timeout)
        {
            if (await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false) != task)
            {
                throw new TimeoutException($"The task did not finish within {timeout}.");
            }

            await task.ConfigureAwait(false);
        }
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>What the compiler needs for <c>init</c> accessors on .NET Framework.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
