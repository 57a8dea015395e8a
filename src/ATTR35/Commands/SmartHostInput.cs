using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.NetworkInformation;
using ATTR35.Smtp;

namespace ATTR35.Commands;

/// <summary>Reads what Test-SmartHost is given the way admins write it and send connectors hold it.</summary>
internal static class SmartHostInput
{
    /// <summary>Splits what a send connector gives (arrays, or one space/comma/semicolon separated string from CSV).</summary>
    public static IEnumerable<string> SplitValues(IEnumerable<string> values) =>
        values.Where(v => v is not null)
            .SelectMany(v => v.Split(new[] { ' ', ',', ';', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(v => v.Trim());

    /// <summary>
    /// The reference domain from -DomainName or a connector's AddressSpaces
    /// (<c>SMTP:contoso.mail.onmicrosoft.com;1</c>): the first SMTP address space that is not "*".
    /// </summary>
    public static string? ReferenceDomain(string value)
    {
        foreach (var part in value.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var space = part.Trim();
            var colon = space.IndexOf(':');
            if (colon > 0)
            {
                if (!space.Substring(0, colon).Equals("smtp", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                space = space.Substring(colon + 1);
            }

            var semicolon = space.IndexOf(';');
            if (semicolon >= 0)
            {
                space = space.Substring(0, semicolon);
            }

            if (space == "*" || space.Length == 0)
            {
                continue;
            }

            return space;
        }

        return null;
    }

    /// <summary>This computer's FQDN when it has one that EHLO may carry; null otherwise (the probe then sends its address literal).</summary>
    public static string? DefaultHeloName()
    {
        try
        {
            var properties = IPGlobalProperties.GetIPGlobalProperties();
            var name = string.IsNullOrEmpty(properties.DomainName) || properties.DomainName == "(none)"
                ? properties.HostName
                : properties.HostName + "." + properties.DomainName;
            if (name.IndexOf('.') > 0 && SmtpSyntax.IsValidHeloName(name, out _))
            {
                return name;
            }
        }
        catch (NetworkInformationException)
        {
        }

        return null;
    }
}
