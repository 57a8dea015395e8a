<#
.SYNOPSIS
    A first look at Test-Attr35 without a tenant: diagnoses the example inputs in this folder.

.DESCRIPTION
    Imports the module built into out/ by "./build.ps1 -Task Build" and runs Test-Attr35 on
    three small inputs with invented names in real formats:

      mail.log                 a Postfix log excerpt from two relays (relay01, app02)
      queue.csv                Get-Queue | Export-Csv from an Exchange server (EX01)
      inbound-connectors.json  Get-InboundConnector | ConvertTo-Json from Exchange Online

    Every name in them is under .example, which never exists in DNS, so this runs the same with
    or without internet. The diagnosis comes from what needs no DNS: the relay names and
    addresses in the log and the queue, the replies Exchange Online gave, and the connector
    export. A run against your own logs adds what DNS says: the recipient domains' MX records and
    where each smart host name resolves.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$repository = Split-Path -Parent $PSScriptRoot
$manifest = Get-ChildItem -Path (Join-Path $repository 'out/ATTR35') -Filter ATTR35.psd1 -Recurse -ErrorAction SilentlyContinue |
    Sort-Object { [version]$_.Directory.Name } | Select-Object -Last 1
if (-not $manifest) { throw "The module is not built yet: run 'dotnet pwsh ./build.ps1 -Task Build' first." }
Import-Module $manifest.FullName -Force

Set-Location $PSScriptRoot
# What the admin of the tenant knows: its assigned host and accepted domain (Get-AcceptedDomain),
# the public address the relays send from, and the connectors exported from Exchange Online.
$connectors = Get-Content -Raw ./inbound-connectors.json | ConvertFrom-Json
$diagnoses = @(Get-Content ./mail.log) + @(Import-Csv ./queue.csv) |
    Test-Attr35 -InboundConnector $connectors -AcceptedDomain contoso.example `
        -ExpectedHost contoso-example.mail.protection.outlook.com -SenderIPAddress 203.0.113.25 -TimeoutSeconds 2

$diagnoses | Format-Table | Out-String -Width 80 | Write-Output
Write-Output "The first diagnosis in full (Format-List):"
$diagnoses | Select-Object -First 1 | Format-List | Out-String -Width 100 | Write-Output
Write-Output ("Offline, every name under .example is unknown to DNS, so the MX lookups of the recipient " +
    "domains end in 'does not exist' or an error. On your own logs and tenant, Test-Attr35 also reads the " +
    "recipient domains' MX records and resolves each smart host, which tells a wrong MX from a wrong smart host.")
