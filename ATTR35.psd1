@{
    # The single source of the module version: build.ps1 reads it and stamps the assemblies.
    ModuleVersion          = '0.1.0'
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
0.1.0: first release.
- Test-MxRecord, Test-SmartHost and Test-InboundConnector: Microsoft's three checks for "451 4.4.62 ... ATTR35" deferrals, with stable finding codes, a remedy for every finding, and Status Error for "could not test".
- Test-SmartHost -Probe and -Recipient: the SMTP conversation with Exchange Online, the client address it sees, the ATTR35 reply live; never sends a message.
- Help for every cmdlet and about_ATTR35 (every finding code with its meaning and remedy); table and list views with coloured status; tab completion from earlier results; JSON with enum names.
- Runs on Windows PowerShell 5.1 and PowerShell 7.2+.
Full notes: https://github.com/attr35/ATTR35/blob/main/CHANGELOG.md
'@
        }
    }
}
