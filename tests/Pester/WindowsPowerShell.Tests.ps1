# Windows PowerShell 5.1 runs on .NET Framework, which is not here; Mono is. tests/DesktopHost is a
# net472 program that loads the built module the way Windows PowerShell does (LoadFrom of
# ATTR35.dll, then the module initializer's Desktop path over Dependencies/) and runs the module's
# DNS check and SMTP probe against the lab. This runs it under Mono and reads its verdicts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:dns = Get-LabDns
    $script:moduleDir = Split-Path -Parent $env:ATTR35_MODULE
    $script:hostExe = Join-Path $env:ATTR35_REPO 'tests/DesktopHost/bin/Release/net472/ATTR35.DesktopHost.exe'
    $script:mono = Get-Command mono -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:lines = @()
    $script:exit = $null
    if ($script:mono -and (Test-Path $script:hostExe)) {
        $script:lines = @(& $script:mono.Source $script:hostExe $script:moduleDir $script:dns 2525 2>&1 | ForEach-Object { "$_" })
        $script:exit = $LASTEXITCODE
        $script:lines | ForEach-Object { Write-Host "    net472> $_" }
    }
    $passed = @($script:lines | Where-Object { $_ -like 'PASS *' }).Count
    $failed = @($script:lines | Where-Object { $_ -like 'FAIL *' }).Count
    $tally = Join-Path $env:ATTR35_REPO 'out/test-results'
    $null = New-Item -ItemType Directory -Force -Path $tally
    [ordered]@{ Passed = $passed; Failed = $(if ($script:lines.Count -eq 0) { 1 } else { $failed }); Runtime = "$($script:lines | Where-Object { $_ -like 'runtime: *' })" } |
        ConvertTo-Json | Set-Content -Path (Join-Path $tally 'net472-host.json') -Encoding utf8
}

Describe 'The module on a .NET Framework runtime (Mono), loaded as Windows PowerShell loads it' -Tag 'Lab' {
    It 'has Mono and the net472 host (build.ps1 -Task Test -InstallPrerequisites installs and builds them)' {
        $script:mono | Should -Not -BeNullOrEmpty -Because 'mono-complete is a prerequisite of the net472 tests'
        $script:hostExe | Should -Exist
    }

    It 'runs on Mono and every check passes' {
        ($script:lines -join "`n") | Should -Match '(?m)^runtime: Mono '
        @($script:lines | Where-Object { $_ -like 'FAIL *' }) | Should -BeNullOrEmpty
        ($script:lines | Select-Object -Last 1) | Should -Match '^\d+ passed, 0 failed$'
        $script:exit | Should -Be 0
    }

    It 'loads ATTR35.dll from the module folder and DnsClient from its Dependencies/, and nothing of DnsClient at import' {
        $script:lines | Should -Contain "PASS module assembly from the module folder: $(Join-Path $script:moduleDir 'ATTR35.dll')"
        ($script:lines -join "`n") | Should -Match ([regex]::Escape("DnsClient 1.8.0.0: $(Join-Path $script:moduleDir 'Dependencies/DnsClient.dll')"))
        ($script:lines -join "`n") | Should -Match 'PASS nothing of DnsClient loaded at import: none'
    }

    It 'checks MX records against BIND: Pass, MxLegacyHost and an IDN name in its ASCII form' {
        ($script:lines -join "`n") | Should -Match 'PASS Test-MxRecord good\.lab\.example: Pass with its assigned host: Pass good-lab-example\.mail\.protection\.outlook\.com'
        ($script:lines -join "`n") | Should -Match 'PASS Test-MxRecord legacy\.lab\.example: Fail MxLegacyHost'
        ($script:lines -join "`n") | Should -Match 'PASS IDN .*: xn--bcher-kva\.lab\.example -> xnbcherkva-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'probes Postfix over STARTTLS with SslStream and gets the live ATTR35 deferral' {
        ($script:lines -join "`n") | Should -Match 'PASS Test-SmartHost good\.lab\.example -Probe: .* NAM TLS=True Tls1[23] .*nameMatches=True'
        ($script:lines -join "`n") | Should -Match 'PASS Test-SmartHost eur\.lab\.example -Recipient: .*SmartHostAttr35Deferred.* reply: 451 4\.4\.62'
    }
}
