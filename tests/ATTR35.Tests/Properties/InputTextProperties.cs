using System.Linq;
using ATTR35.Commands;
using ATTR35.Dns;
using CsCheck;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Properties;

public class InputTextProperties
{
    [Fact]
    public void Error_messages_quote_any_input_without_control_characters_and_briefly() =>
        Gen.Select(Generators.String, Gen.Int[0, 5000]).Sample((input, padding) =>
        {
            var value = input + new string('x', padding + 1);
            var raw = $"The -Server value '{value}' is not usable: it is bad. Give an address such as 192.0.2.53.";
            foreach (var message in new[] { SafeText.Message(raw, value), SafeText.Message(raw), SafeText.Message(raw.Replace(value, string.Join(" ", Enumerable.Repeat(value, 50)))) })
            {
                Assert.DoesNotContain(message, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
                Assert.True(message.Length <= SafeText.MaxMessageLength + 5, $"{message.Length} characters");
                Assert.StartsWith("The -Server value '", message);
                Assert.EndsWith("Give an address such as 192.0.2.53.", message);
            }
        });

    [Fact]
    public void Domain_names_and_servers_never_throw_and_normalise_to_ldh_ascii() =>
        Generators.AnyOf(Generators.Domain).Sample(text =>
        {
            if (DomainNameValidator.TryNormalize(text, out var ascii, out _))
            {
                Assert.All(ascii, c => Assert.True(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.', ascii));
            }

            _ = NameServerSpec.TryParse(text, out _, out _);
        }, iter: 30000);

    [Fact]
    public void A_response_for_other_names_is_never_taken_as_the_answer() =>
        Gen.Select(Generators.Domain, Generators.Domain).Where((a, b) => a != b).Sample((asked, other) =>
        {
            var query = new DnsQuery(asked, DnsRecordType.MX, System.Array.Empty<System.Net.IPEndPoint>(), System.TimeSpan.FromSeconds(1));
            var answer = new DnsAnswer(DnsOutcome.Success, new[] { new DnsRecord(other, DnsRecordType.MX, 60, "mail." + other, 0) }, System.Array.Empty<DnsRecord>(), "127.0.0.1:53", null);
            Assert.True(DnsAnswerCheck.RequireOwner(query, answer).IsFailure);
            var own = new DnsAnswer(DnsOutcome.Success, answer.Answers.Append(new DnsRecord(asked.ToUpperInvariant() + ".", DnsRecordType.MX, 60, "mx." + asked, 0)).ToArray(), System.Array.Empty<DnsRecord>(), "127.0.0.1:53", null);
            Assert.Same(own, DnsAnswerCheck.RequireOwner(query, own));
        });
}
