using System;
using System.Linq;
using ATTR35.Connectors;
using CsCheck;
using Xunit;

namespace ATTR35.Tests.Properties;

public class CertificateNameProperties
{
    private static readonly Gen<string> s_exchangeForm = Gen.Select(Generators.Domain, Generators.Label, Gen.Bool,
        (name, issuer, withIssuer) => (withIssuer ? $"<I>CN={issuer}, O=Issuer<S>" : string.Empty) + $"CN={name}, OU=IT, O=\"Contoso, Ltd\"");

    [Fact]
    public void Normalising_never_throws_is_idempotent_and_leaves_nothing_unsafe() =>
        Generators.AnyOf(Gen.OneOf(Generators.Domain, Generators.Domain.Select(d => "*." + d))).Sample(text =>
        {
            if (!CertificateNameMatcher.TryNormalizeCertificateName(text, out var normalized, out _))
            {
                return;
            }

            Assert.False(Generators.HasUnsafeChar(normalized), normalized);
            Assert.True(CertificateNameMatcher.TryNormalizeCertificateName(normalized, out var again, out var reason), reason);
            Assert.Equal(normalized, again);
        }, iter: 20000);

    [Fact]
    public void Connector_names_never_throw_and_normalise_to_a_domain_or_star_dot_domain() =>
        Generators.AnyOf(s_exchangeForm).Sample(text =>
        {
            if (CertificateNameMatcher.TryNormalizeConnectorName(text, out var normalized, out _))
            {
                var bare = normalized.StartsWith("*.", StringComparison.Ordinal) ? normalized.Substring(2) : normalized;
                Assert.DoesNotContain('*', bare);
                Assert.False(Generators.HasUnsafeChar(normalized), normalized);
            }
        }, iter: 20000);

    [Fact]
    public void A_wildcard_connector_name_covers_the_domain_and_its_subdomains_only() =>
        Gen.Select(Generators.Domain, Generators.Label.Array[1, 3], Generators.Label).Sample((domain, sub, other) =>
        {
            var connector = "*." + domain;
            Assert.True(CertificateNameMatcher.Covers(connector, domain));
            Assert.True(CertificateNameMatcher.Covers(connector, string.Join(".", sub) + "." + domain));
            Assert.False(CertificateNameMatcher.Covers(connector, other + domain));
            Assert.False(CertificateNameMatcher.Covers(domain, string.Join(".", sub) + "." + domain));
        });

    [Fact]
    public void The_exchange_form_yields_the_subject_cn_whatever_the_issuer() =>
        Gen.Select(Generators.Domain, Generators.String.Where(s => s.IndexOf("<S>", StringComparison.OrdinalIgnoreCase) < 0)).Sample((name, issuer) =>
        {
            var text = $"<I>{issuer}<S>CN={name}, OU=IT, O=\"Contoso, Ltd\", C=US";
            Assert.True(ExchangeCertificateName.TryParse(text, out var parsed, out var reason), reason);
            Assert.Equal(name, parsed!.CommonNames[0]);
        });

    [Fact]
    public void Exchange_form_parsing_never_throws() =>
        Generators.AnyOf(s_exchangeForm).Sample(text =>
        {
            if (ExchangeCertificateName.TryParse(text, out var parsed, out var reason))
            {
                Assert.NotEmpty(parsed!.CommonNames);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(reason));
            }
        }, iter: 20000);

    [Fact]
    public void An_escaped_distinguished_name_value_reads_back_as_written() =>
        Gen.Char["abc ,+;\"\\<>=#xyz\u00e9"].Array[1, 20].Select(a => new string(a)).Where(v => v.Trim() == v).Sample(value =>
        {
            var escaped = string.Concat(value.Select(c => ",+;\"\\<>=#".IndexOf(c) >= 0 ? "\\" + c : c.ToString()));
            Assert.True(DistinguishedName.TryParse($"CN={escaped}, O=Contoso", out var attributes, out var reason), reason);
            Assert.Equal(value, attributes[0].Value);
            Assert.Equal("Contoso", attributes[1].Value);
        });
}
