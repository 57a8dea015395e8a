using System;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class SmtpSyntaxTests
{
    [Theory]
    [InlineData("mail.contoso.com", "mail.contoso.com")]
    [InlineData("MAIL.Contoso.com.", "mail.contoso.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("[192.0.2.1]", "[192.0.2.1]")]
    [InlineData("[IPv6:2001:DB8::1]", "[IPv6:2001:db8::1]")]
    [InlineData("[ipv6:::1]", "[IPv6:::1]")]
    public void Valid_helo_names(string name, string normalized)
    {
        Assert.True(SmtpSyntax.IsValidHeloName(name, out var error), error);
        Assert.True(SmtpSyntax.TryNormalizeHeloName(name, out var wire, out _));
        Assert.Equal(normalized, wire);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("mail.contoso.com\r\nMAIL FROM:<x@y>", "control character")]
    [InlineData("mail.contoso.com\n", "control character")]
    [InlineData("mail.contoso.com\u007f", "control character")]
    [InlineData("mail contoso.com", "white space")]
    [InlineData(" mail.contoso.com", "white space")]
    [InlineData("192.0.2.1", "[192.0.2.1]")]
    [InlineData("2001:db8::1", "[IPv6:2001:db8::1]")]
    [InlineData("[2001:db8::1]", "needs the 'IPv6:' tag")]
    [InlineData("[192.0.2.300]", "not an IPv4 address")]
    [InlineData("[mail.contoso.com]", "not an IPv4 address")]
    [InlineData("[192.0.2.1", "not an address literal")]
    [InlineData("[IPv6:192.0.2.1]", "after 'IPv6:' is not an IPv6 address")]
    [InlineData("SERVER01", "single label")]
    [InlineData("mail..contoso.com", "not a valid domain name")]
    [InlineData("*.contoso.com", "wildcard")]
    [InlineData("mail.contoso.123", "neither a domain name nor an address literal")]
    public void Invalid_helo_names_say_why(string? name, string fragment)
    {
        Assert.False(SmtpSyntax.IsValidHeloName(name, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user@contoso.com", "user@contoso.com")]
    [InlineData("User.Name+tag@Contoso.COM", "User.Name+tag@contoso.com")]
    [InlineData("<user@contoso.com>", "user@contoso.com")]
    [InlineData("  user@contoso.com ", "user@contoso.com")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@contoso.com", "!#$%&'*+-/=?^_`{|}~@contoso.com")]
    [InlineData("\"john doe\"@contoso.com", "\"john doe\"@contoso.com")]
    [InlineData("\"a@b\"@contoso.com", "\"a@b\"@contoso.com")]
    [InlineData("\"a\\\"b\"@contoso.com", "\"a\\\"b\"@contoso.com")]
    [InlineData("\"a..b\"@contoso.com", "\"a..b\"@contoso.com")]
    [InlineData("postmaster@[192.0.2.1]", "postmaster@[192.0.2.1]")]
    [InlineData("postmaster@[IPv6:2001:db8::1]", "postmaster@[IPv6:2001:db8::1]")]
    [InlineData("user@bücher.example", "user@xn--bcher-kva.example")]
    [InlineData("attr35@contoso.mail.onmicrosoft.com.", "attr35@contoso.mail.onmicrosoft.com")]
    public void Valid_mailboxes(string address, string normalized)
    {
        Assert.True(SmtpSyntax.IsValidMailbox(address, allowNullSender: false, out var error), error);
        Assert.True(SmtpSyntax.TryNormalizeMailbox(address, false, out var wire, out _));
        Assert.Equal(normalized, wire);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<>")]
    [InlineData(" <> ")]
    public void The_null_sender_is_valid_only_for_the_sender(string address)
    {
        Assert.True(SmtpSyntax.TryNormalizeMailbox(address, allowNullSender: true, out var wire, out var error), error);
        Assert.Equal(string.Empty, wire);
        Assert.False(SmtpSyntax.IsValidMailbox(address, allowNullSender: false, out error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no address")]
    [InlineData("user@contoso.com\r\nDATA", "control character")]
    [InlineData("user@contoso.com\n", "control character")]
    [InlineData("user@contoso.com\r", "control character")]
    [InlineData("us\ter@contoso.com", "control character")]
    [InlineData("user\u0000@contoso.com", "control character")]
    [InlineData("user@contoso.com\u0085", "control character")]
    [InlineData("usercontoso.com", "no '@'")]
    [InlineData("@contoso.com", "before '@' is empty")]
    [InlineData("user@", "after '@' is empty")]
    [InlineData("<user@contoso.com", "'<' or '>'")]
    [InlineData("user@contoso.com>", "'<' or '>'")]
    [InlineData("<<user@contoso.com>>", "'<' or '>'")]
    [InlineData("us<er@contoso.com", "'<' or '>'")]
    [InlineData(".user@contoso.com", "dot")]
    [InlineData("user.@contoso.com", "dot")]
    [InlineData("us..er@contoso.com", "dot")]
    [InlineData("us er@contoso.com", "needs quoting")]
    [InlineData("us,er@contoso.com", "needs quoting")]
    [InlineData("us(er)@contoso.com", "needs quoting")]
    [InlineData("us:er@contoso.com", "needs quoting")]
    [InlineData("@a.com,@b.com:user@contoso.com", "needs quoting")]
    [InlineData("\"user@contoso.com", "no closing")]
    [InlineData("\"us\"er\"@contoso.com", "unescaped")]
    [InlineData("\"user\\\"@contoso.com", "no closing")]
    [InlineData("jörg@contoso.com", "SMTPUTF8")]
    [InlineData("user@contoso com", "white space")]
    [InlineData("user@contoso..com", "not a valid domain name")]
    [InlineData("user@*.contoso.com", "wildcard")]
    [InlineData("user@localhost", "single label")]
    [InlineData("user@192.0.2.1", "address literal")]
    [InlineData("user@[192.0.2.300]", "not an IPv4 address")]
    [InlineData("user@[2001:db8::1]", "'IPv6:' tag")]
    [InlineData("user@[IPv6:zz::1]", "not an IPv6 address")]
    public void Invalid_mailboxes_say_why(string? address, string fragment)
    {
        Assert.False(SmtpSyntax.IsValidMailbox(address, allowNullSender: true, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_limits_are_RFC_5321s()
    {
        var local64 = new string('a', 64);
        Assert.True(SmtpSyntax.IsValidMailbox(local64 + "@contoso.com", false, out _));
        Assert.False(SmtpSyntax.IsValidMailbox(local64 + "a@contoso.com", false, out var error));
        Assert.Contains("at most 64", error, StringComparison.Ordinal);

        // Domain of 4 x 60-character labels: 243 characters, valid, but the mailbox is 64 + 1 + 243.
        var longDomain = string.Join(".", new string('b', 60), new string('c', 60), new string('d', 60), new string('e', 60) + ".com");
        Assert.False(SmtpSyntax.IsValidMailbox(local64 + "@" + longDomain, false, out error));
        Assert.Contains("at most 254", error, StringComparison.Ordinal);
        Assert.True(SmtpSyntax.IsValidMailbox("a@" + longDomain, false, out error), error);
    }

    [Theory]
    [InlineData("EHLO mail.contoso.com\r\nDATA")]
    [InlineData("RCPT TO:<a@b.com>\n")]
    [InlineData("RCPT TO:<a@b.com>\r")]
    [InlineData("MAIL FROM:<a\u0000@b.com>")]
    [InlineData("MAIL FROM:<a\u001b@b.com>")]
    [InlineData("MAIL FROM:<a\u007f@b.com>")]
    [InlineData("RCPT TO:<jörg@b.com>")]
    public void Commands_with_control_or_non_ASCII_characters_are_refused(string command)
    {
        var ex = Assert.Throws<ArgumentException>(() => SmtpSyntax.EnsureSafeCommand(command));
        Assert.Contains("Refusing to send", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_commands_pass()
    {
        SmtpSyntax.EnsureSafeCommand("MAIL FROM:<>");
        SmtpSyntax.EnsureSafeCommand("RCPT TO:<\"john doe\"@contoso.com>");
        SmtpSyntax.EnsureSafeCommand("EHLO [IPv6:2001:db8::1]");
    }
}
