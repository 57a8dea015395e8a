using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using ATTR35.Checks;
using ATTR35.Base;
using ATTR35.Dns;
using ATTR35.Smtp;

namespace ATTR35.DesktopHost;

/// <summary>
/// The checks, each printed as one line 'PASS name: detail' or 'FAIL name: detail', then
/// 'N passed, N failed'. They call the module's own check classes, through the transport its
/// initializer loads, against the lab's BIND 9 and Postfix.
/// </summary>
internal sealed class LabChecks
{
    private readonly string _moduleDirectory;
    private readonly IPEndPoint _dns;
    private readonly int _smtpPort;
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);
    private int _passed;
    private int _failed;

    public LabChecks(string moduleDirectory, string dns, int smtpPort)
    {
        _moduleDirectory = moduleDirectory;
        var colon = dns.LastIndexOf(':');
        _dns = new IPEndPoint(IPAddress.Parse(dns.Substring(0, colon)), int.Parse(dns.Substring(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
        _smtpPort = smtpPort;
    }

    public int RunAll()
    {
        Console.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        Check("module assembly from the module folder", () =>
        {
            var location = typeof(ModuleInitializer).Assembly.Location;
            return (SameFile(location, Path.Combine(_moduleDirectory, "ATTR35.dll")), location);
        });

        // What PowerShell calls on Import-Module: the initializer, which loads nothing yet.
        new ModuleInitializer().OnImport();
        Check("nothing of DnsClient loaded at import", () =>
        {
            var early = Loaded("DnsClient") ?? Loaded("ATTR35.DnsClient");
            return (early is null, early?.Location ?? "none");
        });

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var resolver = new DnsResolver(ModuleInitializer.Transport, new[] { _dns }, _timeout, null, stop.Token);
        var mx = new MxRecordCheck(resolver);

        Check("Test-MxRecord good.lab.example: Pass with its assigned host", () =>
        {
            var result = mx.RunAsync("good.lab.example", "good-lab-example.mail.protection.outlook.com", false, stop.Token).GetAwaiter().GetResult();
            var hosts = string.Join(",", result.Records.Select(r => r.Host));
            return (result.Status == CheckStatus.Pass && hosts == "good-lab-example.mail.protection.outlook.com", $"{result.Status} {hosts} {Codes(result.Findings)}");
        });

        Check("DnsClient loaded from Dependencies/ by the Windows PowerShell path", () =>
        {
            var adapter = Loaded("ATTR35.DnsClient");
            var client = Loaded("DnsClient");
            var dependencies = Path.Combine(_moduleDirectory, "Dependencies");
            var ok = adapter is not null && client is not null
                && SameFile(adapter.Location, Path.Combine(dependencies, "ATTR35.DnsClient.dll"))
                && SameFile(client.Location, Path.Combine(dependencies, "DnsClient.dll"));
            return (ok, $"ATTR35.DnsClient: {adapter?.Location ?? "not loaded"}; DnsClient {client?.GetName().Version}: {client?.Location ?? "not loaded"}");
        });

        Check("Test-MxRecord legacy.lab.example: Fail MxLegacyHost", () =>
        {
            var result = mx.RunAsync("legacy.lab.example", null, false, stop.Token).GetAwaiter().GetResult();
            return (result.Status == CheckStatus.Fail && result.Findings.Any(f => f.Code == "MxLegacyHost"), $"{result.Status} {Codes(result.Findings)}");
        });

        Check("IDN bücher.lab.example checked as xn--bcher-kva.lab.example", () =>
        {
            if (!DomainNameValidator.TryNormalize("Bücher.Lab.Example.", out var ascii, out var reason))
            {
                return (false, reason);
            }

            var result = mx.RunAsync(ascii, null, false, stop.Token).GetAwaiter().GetResult();
            var hosts = string.Join(",", result.Records.Select(r => r.Host));
            return (ascii == "xn--bcher-kva.lab.example" && hosts == "xnbcherkva-lab-example.mail.protection.outlook.com", $"{ascii} -> {hosts}");
        });

        var probeOptions = new SmartHostCheckOptions { Probe = true, Timeout = _timeout };
        Check("Test-SmartHost good.lab.example -Probe: banner, STARTTLS through SslStream, certificate", () =>
        {
            var result = Probe(resolver, probeOptions, "good.lab.example", stop.Token);
            var probe = result.Probe;
            var ok = probe is not null
                && (probe.Banner ?? string.Empty).StartsWith("220 BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready", StringComparison.Ordinal)
                && probe.Region == "NAM"
                && probe.StartTls
                && (probe.TlsProtocol == "Tls12" || probe.TlsProtocol == "Tls13")
                && probe.Certificate is not null
                && probe.Certificate.DnsNames.Contains("*.mail.protection.outlook.com")
                && probe.Certificate.NameMatches;
            return (ok, probe is null ? $"no probe: {Codes(result.Findings)}" : $"{probe.BannerHost} {probe.Region} TLS={probe.StartTls} {probe.TlsProtocol} cert={probe.Certificate?.Subject} names={string.Join(",", probe.Certificate?.DnsNames ?? Array.Empty<string>())} nameMatches={probe.Certificate?.NameMatches} chainValid={probe.Certificate?.ChainValid}");
        });

        Check("Test-SmartHost eur.lab.example -Recipient: the live 451 4.4.62 ATTR35, never DATA", () =>
        {
            var options = new SmartHostCheckOptions { Probe = true, Recipient = "attr35@contoso.example", Timeout = _timeout };
            var result = Probe(resolver, options, "eur.lab.example", stop.Token);
            var transcript = result.Probe?.Transcript ?? Array.Empty<string>();
            var ok = result.Status == CheckStatus.Fail
                && result.Findings.Any(f => f.Code == "SmartHostAttr35Deferred")
                && (result.Probe?.RecipientReply ?? string.Empty).StartsWith("451 4.4.62", StringComparison.Ordinal)
                && !transcript.Any(l => l.StartsWith("C: DATA", StringComparison.Ordinal) || l.StartsWith("C: BDAT", StringComparison.Ordinal));
            return (ok, $"{result.Status} {Codes(result.Findings)} reply: {result.Probe?.RecipientReply}");
        });

        Console.WriteLine($"{_passed} passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }

    private SmartHostResult Probe(DnsResolver resolver, SmartHostCheckOptions options, string host, CancellationToken cancellationToken)
    {
        if (!SmartHostAddress.TryParse(host, out var address, out var error))
        {
            throw new ArgumentException(error);
        }

        return new SmartHostCheck(resolver, options).RunAsync(host, address!, _smtpPort, null, "good.lab.example", null, cancellationToken).GetAwaiter().GetResult();
    }

    private void Check(string name, Func<(bool Ok, string Detail)> check)
    {
        try
        {
            var (ok, detail) = check();
            Report(ok, name, detail);
        }
        catch (Exception ex)
        {
            Report(false, name, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Report(bool ok, string name, string detail)
    {
        if (ok)
        {
            _passed++;
        }
        else
        {
            _failed++;
        }

        Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {name}: {detail}");
    }

    private static System.Reflection.Assembly? Loaded(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string Codes(IEnumerable<Finding> findings) => string.Join(",", findings.Select(f => f.Code));
}
