@{
    # The single source of the module version: build.ps1 reads it and stamps the assemblies.
    ModuleVersion          = '0.2.0'
    RootModule             = 'ATTR35.dll'
    GUID                   = '3b7f0a35-4e1d-4c6a-9f35-a7735a7735a7'
    Author                 = 'ATTR35 contributors'
    CompanyName            = 'ATTR35 contributors'
    Copyright              = '(c) ATTR35 contributors. All rights reserved.'
    Description            = 'Diagnoses Exchange Online "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35" deferrals: checks MX records, smart hosts and inbound connectors against the tenant''s assigned host, the way Microsoft''s guidance describes.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions   = @('Desktop', 'Core')
    FormatsToProcess       = @('ATTR35.format.ps1xml')
    CmdletsToExport        = @('Test-MxRecord', 'Test-SmartHost', 'Test-InboundConnector', 'Get-Attr35Event', 'Test-Attr35')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Exchange', 'ExchangeOnline', 'Microsoft365', 'Office365', 'EOP', 'MailFlow', 'MX', 'DNS', 'SMTP', 'ATTR35', 'Connector', 'Diagnostics', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/attr35/ATTR35'
            LicenseUri   = 'https://github.com/attr35/ATTR35/blob/main/LICENSE'
            # Kept in step with the top entry of CHANGELOG.md (a test compares the version).
            ReleaseNotes = @'
0.2.0: from the error as an admin meets it to its cause.
- Get-Attr35Event: the Exchange Online replies in Postfix, Exim and Sendmail logs (.gz, streamed), bounces (.eml, pasted NDRs), Get-Queue, message tracking and message trace objects, as ATTR35.Attr35Event objects.
- Test-Attr35: events, log lines, NDRs or queue objects in; one diagnosis per recipient domain and relay with the Cause (MxRecord, SmartHost, InboundConnector, NotAttr35), the Remedy and the evidence, through the same checks as the three cmdlets.
- One Exchange Online reply parser (codes, ATTR token, front end, region from every name form); Test-SmartHost -Probe reads the region from every reply and reports TenantAttribution and client-submission replies.
- DNS retransmission follows the measured round trip; a silent first -Server costs one interval.
- One shape for every check (docs/ARCHITECTURE.md), a small public surface, error ids in one catalogue.
Full notes: https://github.com/attr35/ATTR35/blob/main/CHANGELOG.md
'@
        }
    }
}
