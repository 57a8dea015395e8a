using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ATTR35.DesktopHost;

/// <summary>
/// Entry point. Only resolves ATTR35.dll from the module folder, as Import-Module does, before
/// any module type is touched; the checks themselves are in <see cref="LabChecks"/>.
/// </summary>
internal static class Program
{
    private static string s_moduleDirectory = string.Empty;

    private static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: DesktopHost.exe <module directory> <dns server ip:port> <smtp port>");
            return 2;
        }

        s_moduleDirectory = Path.GetFullPath(args[0]);
        AppDomain.CurrentDomain.AssemblyResolve += ResolveModule;
        return Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    // Kept apart from Main so that the JIT meets the module's types only after the resolver is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Run(string dns, int smtpPort) => new LabChecks(s_moduleDirectory, dns, smtpPort).RunAll();

    private static Assembly? ResolveModule(object? sender, ResolveEventArgs args)
    {
        // Windows PowerShell loads a binary module with LoadFrom from its folder; nothing else is ours.
        if (!string.Equals(new AssemblyName(args.Name).Name, "ATTR35", StringComparison.Ordinal))
        {
            return null;
        }

        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "ATTR35");
        return loaded ?? Assembly.LoadFrom(Path.Combine(s_moduleDirectory, "ATTR35.dll"));
    }
}
