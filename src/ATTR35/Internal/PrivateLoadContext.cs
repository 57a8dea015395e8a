using System;
using System.IO;
using System.Reflection;

namespace ATTR35;

/// <summary>
/// A private System.Runtime.Loader.AssemblyLoadContext, reached by reflection because the module
/// targets netstandard2.0, where the type is not visible. Returns null on .NET Framework.
/// </summary>
internal static class PrivateLoadContext
{
    private static string? s_directory;
    private static Assembly? s_owner;
    private static object? s_context;
    private static MethodInfo? s_loadFromPath;

    /// <summary>Loads <paramref name="path"/> into the module's own load context.</summary>
    public static Assembly? TryLoad(string path, Assembly owner, string directory)
    {
        var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
            ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
        if (contextType is null || s_context is null && IsNetFramework())
        {
            return null;
        }

        if (s_context is null)
        {
            s_owner = owner;
            s_directory = directory;
            var constructor = contextType.GetConstructor(new[] { typeof(string), typeof(bool) })
                ?? throw new PlatformNotSupportedException("AssemblyLoadContext(string, bool) is not available.");
            s_context = constructor.Invoke(new object[] { "ATTR35", false });
            s_loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });

            // Resolving is raised for this context only after the default context has had its
            // turn (framework assemblies), so it sees exactly the module's own dependencies.
            var resolving = contextType.GetEvent("Resolving")!;
            var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, typeof(PrivateLoadContext).GetMethod(nameof(OnResolving), BindingFlags.NonPublic | BindingFlags.Static)!);
            resolving.AddEventHandler(s_context, handler);
        }

        return (Assembly)s_loadFromPath!.Invoke(s_context, new object[] { path })!;
    }

    private static bool IsNetFramework() =>
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    private static Assembly? OnResolving(object context, AssemblyName name)
    {
        if (string.Equals(name.Name, s_owner?.GetName().Name, StringComparison.Ordinal))
        {
            return s_owner;
        }

        var candidate = Path.Combine(s_directory ?? string.Empty, name.Name + ".dll");
        return File.Exists(candidate) ? (Assembly)s_loadFromPath!.Invoke(context, new object[] { candidate })! : null;
    }
}
