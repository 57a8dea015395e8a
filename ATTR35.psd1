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
    CmdletsToExport        = @('Test-MxRecord', 'Test-SmartHost', 'Test-InboundConnector')
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Exchange', 'ExchangeOnline', 'Microsoft365', 'Office365', 'EOP', 'MX', 'DNS', 'SMTP', 'ATTR35', 'Connector', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/attr35/ATTR35'
            LicenseUri   = 'https://github.com/attr35/ATTR35/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
