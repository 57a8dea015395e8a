using System;
using System.Management.Automation;
using ATTR35.Base;
using ATTR35.Microsoft365;

namespace ATTR35.Commands;

/// <summary>The error records every cmdlet writes for bad input, and the parameter checks they share.</summary>
internal static class InputErrors
{
    /// <summary>
    /// Bad input: stable id, InvalidArgument, the input as target, and a message that is safe to
    /// print whatever the input held (<see cref="SafeText.Message"/>).
    /// </summary>
    public static ErrorRecord InvalidInput(ErrorId errorId, string message, object? target) =>
        new(new ArgumentException(SafeText.Message(message, target as string)), errorId.Id, ErrorCategory.InvalidArgument, target);

    /// <summary>
    /// Reads an -ExpectedHost value: true with the normalised host (null when none was given), or
    /// false with the InvalidExpectedHost error. <paramref name="domain"/>, when known, makes the
    /// example in the message that domain's likely host.
    /// </summary>
    public static bool TryReadExpectedHost(string? value, string? domain, out string? expected, out ErrorRecord? error)
    {
        expected = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var forDomain = domain is null ? string.Empty : $" for {domain}";
        var example = domain is null ? "contoso-com.mail.protection.outlook.com" : HostClassifier.AssignedHostHint(domain);
        if (!DomainNameValidator.TryNormalize(value, out var host, out var reason))
        {
            error = InvalidInput(ErrorIds.InvalidExpectedHost,
                $"The -ExpectedHost value '{value}'{forDomain} is not a valid host name: {reason}. Give the assigned host, for example {example}.", value);
            return false;
        }

        if (HostClassifier.Classify(host).Kind != HostKind.Microsoft365)
        {
            error = InvalidInput(ErrorIds.InvalidExpectedHost,
                $"The -ExpectedHost value '{value}'{forDomain} is not a Microsoft 365 assigned host. Give the tenant's host{(domain is null ? string.Empty : " for the domain")}, for example {example} or its DNSSEC form token.x-v1.mx.microsoft.", value);
            return false;
        }

        expected = host;
        return true;
    }
}
