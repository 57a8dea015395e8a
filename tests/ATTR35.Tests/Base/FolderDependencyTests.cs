using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ATTR35.Tests.Base;

/// <summary>
/// Dependencies between the folders of src/ATTR35 point one way (docs/ARCHITECTURE.md): read from
/// the <c>using ATTR35.X;</c> lines and any <c>ATTR35.X.</c> written out in code, a folder that
/// reaches itself again is a circle, and the base layer uses nothing.
/// </summary>
public class FolderDependencyTests
{
    private static readonly Regex s_using = new(@"^\s*using\s+(?:static\s+)?ATTR35\.(?<ns>[A-Za-z0-9]+)\b", RegexOptions.Multiline);
    private static readonly Regex s_qualified = new(@"\bATTR35\.(?<ns>[A-Z][A-Za-z0-9]+)\.[A-Z]");

    [Fact]
    public void No_folder_depends_on_itself_through_others()
    {
        var graph = ReadGraph();
        Assert.Contains("Base", graph.Keys);
        Assert.Contains("Commands", graph.Keys);
        var circles = new List<string>();
        foreach (var start in graph.Keys)
        {
            var path = FindPath(graph, start, start, new HashSet<string>());
            if (path is not null)
            {
                circles.Add(string.Join(" -> ", path));
            }
        }

        Assert.True(circles.Count == 0, "Circles between folders of src/ATTR35:\n" + string.Join("\n", circles));
    }

    [Fact]
    public void The_base_layer_uses_no_other_folder()
    {
        Assert.Empty(ReadGraph()["Base"]);
    }

    [Fact]
    public void Rules_and_evidence_never_reach_up_to_checks_or_cmdlets()
    {
        var graph = ReadGraph();
        foreach (var lower in new[] { "Base", "Dns", "Smtp", "Microsoft365", "Connectors", "Formatting" })
        {
            Assert.DoesNotContain("Checks", graph[lower]);
            Assert.DoesNotContain("Commands", graph[lower]);
        }

        Assert.DoesNotContain("Commands", graph["Checks"]);
    }

    [Fact]
    public void The_reader_sees_a_circle_when_there_is_one()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["Dns"] = new() { "Microsoft365" },
            ["Microsoft365"] = new() { "Dns" },
            ["Base"] = new(),
        };
        Assert.Equal(new[] { "Dns", "Microsoft365", "Dns" }, FindPath(graph, "Dns", "Dns", new HashSet<string>()));
        Assert.Null(FindPath(graph, "Base", "Base", new HashSet<string>()));
        Assert.Equal(new[] { "Smtp", "Microsoft365" }, Dependencies("using ATTR35.Smtp;\nvar r = ATTR35.Microsoft365.RegionParser.FromServerName(x);\n// ATTR35.Base.X in a comment\n"));
    }

    internal static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "ATTR35");
            if (File.Exists(Path.Combine(candidate, "ATTR35.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/ATTR35 was not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, HashSet<string>> ReadGraph()
    {
        var root = SourceRoot();
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var slash = relative.IndexOf('/');
            var folder = slash < 0 ? "(root)" : relative.Substring(0, slash);
            if (!graph.TryGetValue(folder, out var edges))
            {
                graph[folder] = edges = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var used in Dependencies(File.ReadAllText(file)))
            {
                if (used != folder)
                {
                    edges.Add(used);
                }
            }
        }

        return graph;
    }

    private static string[] Dependencies(string source)
    {
        // Comments name other folders freely (a cref aside); only code counts.
        var code = Regex.Replace(source, @"//.*$", string.Empty, RegexOptions.Multiline);
        return s_using.Matches(code).Select(m => m.Groups["ns"].Value)
            .Concat(s_qualified.Matches(code).Select(m => m.Groups["ns"].Value))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static string[]? FindPath(Dictionary<string, HashSet<string>> graph, string from, string to, HashSet<string> seen)
    {
        if (!graph.TryGetValue(from, out var edges))
        {
            return null;
        }

        foreach (var next in edges.OrderBy(e => e, StringComparer.Ordinal))
        {
            if (next == to)
            {
                return new[] { from, to };
            }

            if (seen.Add(next))
            {
                var rest = FindPath(graph, next, to, seen);
                if (rest is not null)
                {
                    return new[] { from }.Concat(rest).ToArray();
                }
            }
        }

        return null;
    }
}
