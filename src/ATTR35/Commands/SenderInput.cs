using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ATTR35.Base;
using ATTR35.Connectors;
using static ATTR35.Commands.InputErrors;

namespace ATTR35.Commands;

/// <summary>
/// Reads Test-InboundConnector's description of the sending server (-SenderIPAddress,
/// -CertificateName, -Certificate, -CertificatePath) and -AcceptedDomain into a
/// <see cref="SenderIdentity"/>; every bad value is a non-terminating error and the rest goes on.
/// </summary>
internal sealed class SenderInput
{
    private readonly Action<ErrorRecord> _writeError;
    private readonly Action<string> _writeVerbose;
    private readonly List<string> _certificateNames = new();
    private readonly List<SenderCertificate> _certificates = new();
    private readonly List<string> _acceptedDomains = new();
    private string? _senderAddress;

    public SenderInput(Action<ErrorRecord> writeError, Action<string> writeVerbose)
    {
        _writeError = writeError;
        _writeVerbose = writeVerbose;
    }

    /// <summary>The accepted domains read, normalised, without repeats.</summary>
    public IReadOnlyList<string> AcceptedDomains => _acceptedDomains;

    /// <summary>The identity read so far.</summary>
    public SenderIdentity ToIdentity() => new()
    {
        IPAddress = _senderAddress,
        GivenCertificateNames = _certificateNames,
        Certificates = _certificates,
    };

    /// <summary>-SenderIPAddress: the address as EOP sees it, IPv4 only.</summary>
    public void ReadSenderIPAddress(string? senderIPAddress)
    {
        if (string.IsNullOrWhiteSpace(senderIPAddress))
        {
            return;
        }

        var input = senderIPAddress!;
        var text = input.Trim();
        if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
        {
            // As the EHLO reply writes it: "Hello [203.0.113.25]".
            text = text.Substring(1, text.Length - 2).Trim();
        }

        if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.IsIPv4MappedToIPv6)
        {
            text = parsed.MapToIPv4().ToString();
        }

        if (IpLiteral.TryParseIPv4(text, out var address))
        {
            _senderAddress = IpLiteral.FormatIPv4(address);
            _writeVerbose($"Sender address: {_senderAddress}.");
            return;
        }

        string reason;
        if (IPAddress.TryParse(text, out var other) && other.AddressFamily == AddressFamily.InterNetworkV6)
        {
            reason = "it is an IPv6 address, and Exchange Online inbound connectors match IPv4 addresses only. Give the public IPv4 address the sending server connects from";
        }
        else if (text.IndexOf('/') >= 0 || text.IndexOf('-') > 0)
        {
            reason = "it is a range, not an address. Give the single public IPv4 address the sending server connects from";
        }
        else
        {
            reason = "it is not an IPv4 address. Give it as four decimal numbers, such as 203.0.113.25";
        }

        _writeError(InvalidInput(ErrorIds.InvalidSenderIPAddress,
            $"The -SenderIPAddress value '{input}' cannot be used: {reason} (Test-SmartHost -Probe reports it as Probe.ObservedClientAddress).", input));
    }

    /// <summary>-CertificateName: DNS names, or the &lt;I&gt;issuer&lt;S&gt;subject form.</summary>
    public void ReadCertificateNames(string[]? certificateName)
    {
        foreach (var input in certificateName ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            if (ExchangeCertificateName.IsDistinguishedNameForm(input))
            {
                if (!ExchangeCertificateName.TryParse(input, out var parsed, out var reason))
                {
                    _writeError(InvalidInput(ErrorIds.InvalidCertificateName, $"The -CertificateName value '{input}' cannot be used: {reason}.", input));
                    continue;
                }

                foreach (var commonName in parsed!.CommonNames)
                {
                    AddCertificateName(input, commonName, $"its subject CN '{commonName}'");
                }

                continue;
            }

            foreach (var name in input.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                AddCertificateName(input, name, $"'{name}'");
            }
        }
    }

    private void AddCertificateName(string input, string name, string what)
    {
        if (CertificateNameMatcher.TryNormalizeCertificateName(name, out var normalized, out var reason))
        {
            if (!_certificateNames.Contains(normalized))
            {
                _certificateNames.Add(normalized);
                _writeVerbose($"Certificate name: {normalized} (from -CertificateName '{input}').");
            }

            return;
        }

        _writeError(InvalidInput(ErrorIds.InvalidCertificateName,
            $"The -CertificateName value '{input}' cannot be used: {what} is not a DNS name ({reason}). Give the names on the certificate, such as mail.contoso.com.", input));
    }

    /// <summary>-Certificate: a certificate object.</summary>
    public void ReadCertificate(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return;
        }

        SenderCertificate facts;
        try
        {
            facts = SenderCertificate.FromCertificate(certificate, "-Certificate");
        }
        catch (CryptographicException ex)
        {
            _writeError(InvalidInput(ErrorIds.InvalidCertificate, $"The -Certificate object cannot be read: {ex.Message}", certificate));
            return;
        }

        AddCertificate(facts, certificate, ErrorIds.InvalidCertificate);
    }

    /// <summary>-CertificatePath: a .cer, .crt or .pem file; <paramref name="resolve"/> turns a PowerShell path into a file path.</summary>
    public void ReadCertificateFile(string? certificatePath, Func<string, string> resolve)
    {
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return;
        }

        var input = certificatePath!;
        try
        {
            var path = resolve(input);
            using var certificate = CertificateFile.Load(CertificateFile.ReadFile(path));
            AddCertificate(SenderCertificate.FromCertificate(certificate, $"-CertificatePath {input}"), input, ErrorIds.CertificateFileUnreadable);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or CryptographicException
            or ArgumentException or NotSupportedException or ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderInvocationException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException => "the file does not exist",
                UnauthorizedAccessException => "access is denied",
                _ => ex.Message.TrimEnd('.'),
            };
            _writeError(InvalidInput(ErrorIds.CertificateFileUnreadable,
                $"The certificate file '{input}' cannot be read: {reason}. Give a .cer, .crt or .pem file (DER or PEM) with the sending server's certificate.", input));
        }
    }

    /// <summary>Adds a certificate read or fetched; one without DNS names is bad input <paramref name="errorId"/>.</summary>
    public void AddCertificate(SenderCertificate facts, object input, ErrorId errorId)
    {
        if (facts.Names.Count == 0)
        {
            _writeError(InvalidInput(errorId,
                $"The certificate '{facts.Subject}' ({facts.Source}) has no DNS name in its subject CN or its SAN, so no connector can match it. Give the certificate the server presents for SMTP.", input));
            return;
        }

        _certificates.Add(facts);
        _writeVerbose($"Certificate {facts.Subject} ({facts.Source}): names {string.Join(", ", facts.Names)}; valid until {facts.NotAfter.ToString("u", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>-AcceptedDomain: strings or Get-AcceptedDomain objects.</summary>
    public void ReadAcceptedDomains(object[]? acceptedDomain)
    {
        foreach (var item in acceptedDomain ?? Array.Empty<object>())
        {
            foreach (var text in ConnectorInput.AcceptedDomainTexts(item))
            {
                if (DomainNameValidator.TryNormalize(text, out var domain, out var reason))
                {
                    if (!_acceptedDomains.Contains(domain))
                    {
                        _acceptedDomains.Add(domain);
                    }
                }
                else
                {
                    _writeError(InvalidInput(ErrorIds.InvalidAcceptedDomain,
                        $"The -AcceptedDomain value '{text}' is not a domain name: {reason}. Give domains such as contoso.com, or pipe Get-AcceptedDomain: -AcceptedDomain (Get-AcceptedDomain).", item));
                }
            }
        }

        if (_acceptedDomains.Count > 0)
        {
            _writeVerbose($"Accepted domains: {string.Join(", ", _acceptedDomains)}.");
        }
    }
}
