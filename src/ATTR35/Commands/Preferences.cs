using System;
using System.Management.Automation;

namespace ATTR35.Commands;

/// <summary>How the caller wants verbose and progress output, read as PowerShell itself would.</summary>
internal static class Preferences
{
    /// <summary>-Verbose when given, else $VerbosePreference as the caller sees it.</summary>
    public static bool IsVerbose(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var value))
        {
            return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
        }

        var preference = cmdlet.SessionState?.PSVariable.GetValue("VerbosePreference");
        return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }

    /// <summary>-ProgressAction (PowerShell 7.4+) first, then $ProgressPreference as the caller sees it.</summary>
    public static bool IsProgressWanted(PSCmdlet cmdlet)
    {
        object? preference = null;
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("ProgressAction", out var bound))
        {
            preference = bound;
        }

        preference ??= cmdlet.SessionState?.PSVariable.GetValue("ProgressPreference");
        if (preference is not ActionPreference action)
        {
            action = preference is string text && Enum.TryParse(text, ignoreCase: true, out ActionPreference parsed) ? parsed : ActionPreference.Continue;
        }

        return action is not ActionPreference.SilentlyContinue and not ActionPreference.Ignore;
    }
}
