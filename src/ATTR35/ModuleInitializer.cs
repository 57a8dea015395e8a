using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using ATTR35.Dns;

namespace ATTR35;

/// <summary>
/// Dependency isolation. DnsClient and the adapter that uses it (ATTR35.DnsClient.dll) live in
/// Dependencies/ beside this assembly and are only ever loaded for the module's own requests:
/// into a private AssemblyLoadContext on PowerShell 7, through a resolver that answers only
/// requests coming from Dependencies/ on Windows PowerShell. Another module's DnsClient, of any
/// version, never meets ours.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string AdapterAssembly = "ATTR35.DnsClient";
    private const string AdapterType = "ATTR35.DnsClientAdapter.DnsClientTransport";

    private static readonly object s_gate = new();
    private static readonly string s_dependencies = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");
    private static IDnsTransport? s_transport;
    private static bool s_frameworkResolverAdded;

    /// <summary>The DNS transport of the module, loaded on first use so Import-Module stays fast.</summary>
    internal static IDnsTransport Transport
    {
        get
        {
            lock (s_gate)
            {
                return s_transport ??= LoadTransport();
            }
        }
    }

    /// <inheritdoc/>
    public void OnImport()
    {
        // Nothing is loaded here: the first cmdlet that needs DNS loads the adapter.
    }

    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo module)
    {
        if (s_frameworkResolverAdded)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveForWindowsPowerShell;
            s_frameworkResolverAdded = false;
        }
    }

    private static IDnsTransport LoadTransport()
    {
        var path = Path.Combine(s_dependencies, AdapterAssembly + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ATTR35 is incomplete: {path} is missing. Rebuild the module with ./build.ps1 or reinstall it.", path);
        }

        var adapter = PrivateLoadContext.TryLoad(path, typeof(ModuleInitializer).Assembly, s_dependencies) ?? LoadForWindowsPowerShell(path);
        var type = adapter.GetType(AdapterType, throwOnError: true)!;
        return (IDnsTransport)Activator.CreateInstance(type, nonPublic: true)!;
    }

    private static Assembly LoadForWindowsPowerShell(string path)
    {
        if (!s_frameworkResolverAdded)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveForWindowsPowerShell;
            s_frameworkResolverAdded = true;
        }

        return Assembly.LoadFrom(path);
    }

    private static Assembly? ResolveForWindowsPowerShell(object? sender, ResolveEventArgs args)
    {
        // Only requests made by our own dependencies are ours to answer.
        var requester = args.RequestingAssembly;
        if (requester is null || requester.IsDynamic
            || !string.Equals(Path.GetDirectoryName(requester.Location), s_dependencies, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = new AssemblyName(args.Name).Name;
        if (string.Equals(name, typeof(ModuleInitializer).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            return typeof(ModuleInitializer).Assembly;
        }

        // Matched by simple name: the System.* facades of .NET Framework carry other versions.
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a =>
            string.Equals(a.GetName().Name, name, StringComparison.Ordinal)
            && string.Equals(Path.GetDirectoryName(SafeLocation(a)), s_dependencies, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null)
        {
            return loaded;
        }

        var candidate = Path.Combine(s_dependencies, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }

    private static string SafeLocation(Assembly assembly)
    {
        try
        {
            return assembly.IsDynamic ? string.Empty : assembly.Location;
        }
        catch (NotSupportedException)
        {
            return string.Empty;
        }
    }
}
