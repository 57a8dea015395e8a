# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module and finds the lab.
if (-not $env:ATTR35_MODULE) { throw 'ATTR35_MODULE is not set: run the suite with ./build.ps1 -Task Test.' }
Import-Module $env:ATTR35_MODULE -Force

function Get-LabDns {
    # Lab tests call this in BeforeAll: it fails them, loudly, when the lab is not running.
    if (-not $env:ATTR35_LAB_DNS) { throw "The lab DNS server is not running: $env:ATTR35_LAB_ERROR" }
    return $env:ATTR35_LAB_DNS
}

function Get-Lab {
    $path = Join-Path $env:ATTR35_LAB_STATE 'lab.json'
    if (-not (Test-Path $path)) { throw "The lab is not running: $env:ATTR35_LAB_ERROR" }
    return Get-Content -Raw $path | ConvertFrom-Json
}

function Invoke-FreshPwsh {
    # Runs a script in a new pwsh process (the local dotnet tool) and returns its output lines.
    # -Environment: variables the child must see from its start (e.g. SSL_CERT_FILE, which .NET
    # reads once, before any script runs).
    param([Parameter(Mandatory = $true)] [string] $Script, [hashtable] $Environment = @{})
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    Push-Location $env:ATTR35_REPO
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
        return $output | ForEach-Object { "$_" }
    } finally {
        Pop-Location
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}
