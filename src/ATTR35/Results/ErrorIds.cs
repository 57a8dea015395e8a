using System.Collections.Generic;

namespace ATTR35;

/// <summary>
/// The catalogue of error ids: every ErrorRecord a cmdlet writes names its id through this class,
/// so the compiler refuses an id that is not here, and a test holds this list and the help's ERRORS
/// table (docs/en-US/about_ATTR35.md) equal, row by row, so the two cannot drift.
/// </summary>
internal static class ErrorIds
{
    /// <summary>Not a domain name: empty, control characters, bad labels, an address.</summary>
    public static readonly ErrorId InvalidDomainName = new("InvalidDomainName", "Test-MxRecord, Test-SmartHost, Test-Attr35", "Not a domain name: empty, control characters, bad labels, an address.");

    /// <summary>-ExpectedHost is not a Microsoft 365 assigned host name.</summary>
    public static readonly ErrorId InvalidExpectedHost = new("InvalidExpectedHost", "Test-MxRecord, Test-SmartHost, Test-Attr35", "-ExpectedHost is not a Microsoft 365 assigned host name.");

    /// <summary>A -Server value is not an address, address:port, [IPv6]:port or host name.</summary>
    public static readonly ErrorId InvalidServer = new("InvalidServer", "all", "A -Server value is not an address, address:port, [IPv6]:port or host name.");

    /// <summary>A -Server host name could not be resolved.</summary>
    public static readonly ErrorId ServerNotResolvable = new("ServerNotResolvable", "all", "A -Server host name could not be resolved.");

    /// <summary>A smart host is not host, host:port, [host], [host]:port or an address.</summary>
    public static readonly ErrorId InvalidSmartHost = new("InvalidSmartHost", "Test-SmartHost, Test-Attr35", "A smart host is not host, host:port, [host], [host]:port or an address.");

    /// <summary>-HeloName cannot be sent: control characters, or not a name or address literal.</summary>
    public static readonly ErrorId InvalidHeloName = new("InvalidHeloName", "Test-SmartHost", "-HeloName cannot be sent: control characters, or not a name or address literal.");

    /// <summary>-Recipient cannot be sent: control characters, or not an RFC 5321 address.</summary>
    public static readonly ErrorId InvalidRecipient = new("InvalidRecipient", "Test-SmartHost, Test-Attr35", "-Recipient cannot be sent: control characters, or not an RFC 5321 address.");

    /// <summary>-Sender cannot be sent.</summary>
    public static readonly ErrorId InvalidSender = new("InvalidSender", "Test-SmartHost", "-Sender cannot be sent.");

    /// <summary>-ClientCertificate has no private key.</summary>
    public static readonly ErrorId ClientCertificateWithoutKey = new("ClientCertificateWithoutKey", "Test-SmartHost", "-ClientCertificate has no private key.");

    /// <summary>None of -SenderIPAddress, -CertificateName, -Certificate, -CertificatePath, -SendingServer.</summary>
    public static readonly ErrorId SenderIdentityRequired = new("SenderIdentityRequired", "Test-InboundConnector", "None of -SenderIPAddress, -CertificateName, -Certificate, -CertificatePath, -SendingServer.");

    /// <summary>-SenderIPAddress is not one IPv4 address (IPv6, a range, a name).</summary>
    public static readonly ErrorId InvalidSenderIPAddress = new("InvalidSenderIPAddress", "Test-InboundConnector, Test-Attr35", "-SenderIPAddress is not one IPv4 address (IPv6, a range, a name).");

    /// <summary>A -CertificateName is not a DNS name, or an &lt;I&gt;issuer&lt;S&gt;subject without CN.</summary>
    public static readonly ErrorId InvalidCertificateName = new("InvalidCertificateName", "Test-InboundConnector, Test-Attr35", "A -CertificateName is not a DNS name, or an <I>issuer<S>subject without CN.");

    /// <summary>-Certificate cannot be read or has no DNS name.</summary>
    public static readonly ErrorId InvalidCertificate = new("InvalidCertificate", "Test-InboundConnector", "-Certificate cannot be read or has no DNS name.");

    /// <summary>-CertificatePath is missing, a directory, larger than 1 MB, or not a certificate.</summary>
    public static readonly ErrorId CertificateFileUnreadable = new("CertificateFileUnreadable", "Test-InboundConnector", "-CertificatePath is missing, a directory, larger than 1 MB, or not a certificate.");

    /// <summary>-SendingServer is not host or host:port, or its certificate has no DNS name.</summary>
    public static readonly ErrorId InvalidSendingServer = new("InvalidSendingServer", "Test-InboundConnector", "-SendingServer is not host or host:port, or its certificate has no DNS name.");

    /// <summary>An -AcceptedDomain value is not a domain name.</summary>
    public static readonly ErrorId InvalidAcceptedDomain = new("InvalidAcceptedDomain", "Test-InboundConnector, Test-Attr35", "An -AcceptedDomain value is not a domain name.");

    /// <summary>A piped object (or an -InboundConnector value) is not an inbound connector, or cannot be read.</summary>
    public static readonly ErrorId InvalidConnector = new("InvalidConnector", "Test-InboundConnector, Test-Attr35", "A piped object (or an -InboundConnector value) is not an inbound connector, or cannot be read.");

    /// <summary>A -SendConnector value has no SmartHosts or SmartHostsString property.</summary>
    public static readonly ErrorId InvalidSendConnector = new("InvalidSendConnector", "Test-Attr35", "A -SendConnector value has no SmartHosts or SmartHostsString property.");

    /// <summary>A -Path does not exist, or its wildcard matches no file.</summary>
    public static readonly ErrorId LogFileNotFound = new("LogFileNotFound", "Get-Attr35Event", "A -Path does not exist, or its wildcard matches no file.");

    /// <summary>A -Path is a directory, a binary file, broken gzip, or cannot be read (permissions).</summary>
    public static readonly ErrorId LogFileUnreadable = new("LogFileUnreadable", "Get-Attr35Event", "A -Path is a directory, a binary file, broken gzip, or cannot be read (permissions).");

    /// <summary>The net under an exception nobody anticipated: meeting it is a defect, so it is not in the help's table.</summary>
    public static readonly ErrorId CheckFailed = new("CheckFailed", "all", "A check failed in a way nobody anticipated.");

    /// <summary>Every id a user may meet, in the order of the help's table.</summary>
    public static IReadOnlyList<ErrorId> Documented { get; } = new[] { InvalidDomainName, InvalidExpectedHost, InvalidServer, ServerNotResolvable, InvalidSmartHost, InvalidHeloName, InvalidRecipient, InvalidSender, ClientCertificateWithoutKey, SenderIdentityRequired, InvalidSenderIPAddress, InvalidCertificateName, InvalidCertificate, CertificateFileUnreadable, InvalidSendingServer, InvalidAcceptedDomain, InvalidConnector, InvalidSendConnector, LogFileNotFound, LogFileUnreadable };
}
