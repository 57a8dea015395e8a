using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Commands;
using ATTR35.Connectors;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Smtp;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests;

/// <summary>One test per defect the fault matrix and the fuzzing found, at the level it was fixed.</summary>
public class HardeningRegressionTests
{
    [Theory]
    [InlineData("\uff11\uff19\uff12.\uff10.\uff12.\uff11")] // full-width 192.0.2.1
    [InlineData("mail.contoso.\uff11\uff12\uff13")]
    public void Look_alike_digits_are_not_a_host_name(string text)
    {
        Assert.False(DomainNameValidator.TryNormalize(text, out _, out var reason));
        Assert.Contains("look like digits", reason);
        Assert.False(SmartHostAddress.TryParse(text, out _, out _));
        Assert.False(SmartHostAddress.TryParse("[" + text + "]:25", out _, out _));
        Assert.False(NameServerSpec.TryParse(text, out _, out _));
    }

    [Fact]
    public void An_address_is_not_a_domain_name()
    {
        Assert.False(DomainNameValidator.TryNormalize("192.0.2.1", out _, out var reason));
        Assert.Contains("last label is a number", reason);
    }

    [Fact]
    public void A_four_part_status_is_not_4_4_62() =>
        Assert.False(ExchangeReply.TryParse("451 4.4.62.1 Mail sent to the wrong Office 365 region. ATTR35", out var reply) && reply!.Kind == ReplyKind.Attr35);

    [Fact]
    public void Error_messages_escape_control_characters_and_cut_long_input()
    {
        var input = "good.lab.example\r\nQUIT\u001b[31m" + new string('a', 1_000_000);
        var message = SafeText.Message($"'{input}' is not a valid domain name: it is wrong. Give a domain such as contoso.com.", input);
        Assert.DoesNotContain('\r', message);
        Assert.DoesNotContain('\u001b', message);
        Assert.Contains("\\u000D\\u000A", message);
        Assert.True(message.Length < 300, message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("Give a domain such as contoso.com.", message);
    }

    [Fact]
    public void A_certificate_path_to_a_device_is_never_read()
    {
        // A missing prerequisite fails: the tests run on Linux, where /dev/zero always exists.
        Assert.True(File.Exists("/dev/zero"), "This test needs the device /dev/zero (Linux); it must not pass without running.");

        // The empty result is the proof: reading /dev/zero would give zeros (or never end). The
        // clock only bounds a hang, generously enough for a loaded machine.
        var watch = Stopwatch.StartNew();
        Assert.Empty(CertificateFile.ReadFile("/dev/zero"));
        Assert.Throws<FormatException>(() => CertificateFile.Load(CertificateFile.ReadFile("/dev/zero")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_certificate_path_to_a_large_file_or_a_directory_is_refused_unread()
    {
        var directory = Path.Combine(Path.GetTempPath(), "attr35-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var large = Path.Combine(directory, "large.cer");
            using (var file = File.Create(large))
            {
                file.SetLength(CertificateFile.MaxFileBytes + 1);
            }

            Assert.Contains("bytes long", Assert.Throws<FormatException>(() => CertificateFile.ReadFile(large)).Message);
            Assert.Contains("directory", Assert.Throws<IOException>(() => CertificateFile.ReadFile(directory)).Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Several_failing_servers_are_all_named()
    {
        var answer = DnsAnswer.Failed(DnsOutcome.Refused, "192.0.2.2:53", "SERVFAIL from 192.0.2.1:53; REFUSED from 192.0.2.2:53");
        Assert.Equal("SERVFAIL from 192.0.2.1:53; REFUSED from 192.0.2.2:53", answer.Describe());
    }

    [Fact]
    public void An_answer_to_another_question_is_a_failure()
    {
        var query = new DnsQuery("contoso.com", DnsRecordType.MX, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(1));
        Assert.False(DnsAnswerCheck.IsSameQuestion(query, "other.invalid", DnsRecordType.MX));
        Assert.False(DnsAnswerCheck.IsSameQuestion(query, "contoso.com", DnsRecordType.A));
        Assert.True(DnsAnswerCheck.IsSameQuestion(query, "CONTOSO.com.", DnsRecordType.MX));
        Assert.True(DnsAnswerCheck.OtherQuestion(query, "x", "other.invalid", "MX").IsFailure);
    }

    [Fact]
    public async Task A_cname_loop_behind_servfail_is_named()
    {
        var transport = new LoopingServer();
        var resolver = new DnsResolver(transport, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(1));
        var lookup = await resolver.ResolveAddressesAsync("loop-a.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.AliasLoop, lookup.Outcome);
        Assert.Contains("loops back to loop-a.contoso.com", lookup.Error);
    }

    [Fact]
    public void Text_from_outside_is_shown_with_its_control_characters_escaped()
    {
        Assert.Equal("a\\u000D\\u000Ab\\u001B[31m\\u202E\\u0085\\u2028\\uD800 \u00e9 \ud83d\udce7", SafeText.Escape("a\r\nb\u001b[31m\u202e\u0085\u2028\ud800 \u00e9 \ud83d\udce7"));
        var plain = "BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP";
        Assert.Same(plain, SafeText.Escape(plain));
    }

    [Fact]
    public async Task A_reply_in_utf8_with_controls_is_read_with_them_escaped()
    {
        var reader = new SmtpReplyReader(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("220 bidi.example \u202eESMTP\u0085ready\r\n")));
        var reply = await reader.ReadReplyAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("220 bidi.example \\u202EESMTP\\u0085ready", reply.Lines[0]);
    }

    [Theory]
    [InlineData("cr\\013\\010quit.example")]
    [InlineData("a b.example")]
    [InlineData("a..example")]
    [InlineData("")]
    public async Task A_name_no_host_has_is_reported_and_never_asked_for(string name)
    {
        var zone = new Dns.ZoneTransport();
        var lookup = await new DnsResolver(zone, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(1)).ResolveAddressesAsync(name, CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.InvalidName, lookup.Outcome);
        Assert.Equal(0, zone.Questions);
    }

    [Fact]
    public async Task A_cname_to_a_name_no_host_has_is_not_followed()
    {
        var zone = new Dns.ZoneTransport().Add("mx.contoso.com", DnsRecordType.CNAME, "evil\\013\\010.example");
        var lookup = await new DnsResolver(zone, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(1)).ResolveAddressesAsync("mx.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.InvalidName, lookup.Outcome);
        Assert.DoesNotContain(zone.Asked, q => q.Contains("evil", StringComparison.Ordinal));
    }

    // Like BIND with a CNAME loop in its zone: SERVFAIL for addresses, the CNAME itself when asked for it.
    private sealed class LoopingServer : IDnsTransport
    {
        public Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
        {
            if (query.Type != DnsRecordType.CNAME)
            {
                return Task.FromResult(DnsAnswer.Failed(DnsOutcome.ServerFailure, "zone", "SERVFAIL"));
            }

            var target = query.Name == "loop-a.contoso.com" ? "loop-b.contoso.com" : "loop-a.contoso.com";
            return Task.FromResult(new DnsAnswer(DnsOutcome.Success, new List<DnsRecord> { new(query.Name, DnsRecordType.CNAME, 60, target) }, Array.Empty<DnsRecord>(), "zone", null));
        }
    }
}
