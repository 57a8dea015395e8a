# Dot-sourced (after Common.ps1) by Faults.Dns, Faults.Smtp, Fuzz and Safety tests: runs cmdlet
# calls under a watchdog, tells a handled outcome from an unhandled one, and keeps the tallies
# build.ps1 prints at the end of the run (out/test-results/hardening-<name>.json).

# The error ids a cmdlet may write: the rows of the help's ERRORS table (about_ATTR35), which an
# xunit test holds equal to the code's catalogue (ErrorIds) and Fuzz.Tests.ps1 to the built module.
# CheckFailed is not among them on purpose: it is the net under an exception nobody anticipated,
# so meeting it is a defect.
$script:DocumentedErrorIds = @(
    $about = Get-Content -Raw (Join-Path $env:ATTR35_REPO 'docs/en-US/about_ATTR35.md')
    $errors = $about.Substring($about.IndexOf('## ERRORS'))
    $errors = $errors.Substring(0, $errors.IndexOf("`n## ", 10))
    [regex]::Matches($errors, '(?m)^\| (?<id>[A-Z]\w+) \|') | ForEach-Object { $_.Groups['id'].Value } | Where-Object { $_ -ne 'ErrorId' }
)
if ($script:DocumentedErrorIds.Count -lt 10) { throw "The ERRORS table of about_ATTR35.md was not found or is nearly empty ($($script:DocumentedErrorIds.Count) ids)." }

# PowerShell's own parameter validation, before the cmdlet runs ([ValidateNotNullOrEmpty] on -Server).
$script:BindingErrorIdPattern = '^ParameterArgumentValidationError'

$script:ResultTypes = @{
    'Test-MxRecord'         = 'ATTR35.MxRecordResult'
    'Test-SmartHost'        = 'ATTR35.SmartHostResult'
    'Test-InboundConnector' = 'ATTR35.InboundConnectorResult'
    'Get-Attr35Event'       = 'ATTR35.Attr35Event'
    'Test-Attr35'           = 'ATTR35.Attr35Diagnosis'
}

$script:Corpus = $null
$script:Tally = [ordered]@{ FaultsTried = 0; BadInputsTried = 0; Hangs = 0; UnhandledExceptions = 0; Problems = [System.Collections.Generic.List[string]]::new() }
$script:HardeningRunspace = $null

function New-HardeningRunspace {
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule(@($env:ATTR35_MODULE))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $runspace
}

function Measure-StopTime {
    <#
    Starts one cmdlet call in a fresh runspace, lets it run for half a second (its network wait is
    under way), presses "Ctrl+C" (PowerShell.Stop) and returns how long Stop took and whether the
    call had ended by then.
    #>
    param([Parameter(Mandatory = $true)] [string] $Command, [Parameter(Mandatory = $true)] [hashtable] $Parameters)
    $shell = [powershell]::Create()
    $shell.Runspace = New-HardeningRunspace
    try {
        $null = $shell.AddCommand($Command).AddParameters($Parameters)
        $async = $shell.BeginInvoke()
        Start-Sleep -Milliseconds 500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Stop()
        [pscustomobject]@{ Completed = $async.IsCompleted; Seconds = $watch.Elapsed.TotalSeconds }
    } finally {
        $shell.Runspace.Dispose()
        $shell.Dispose()
    }
}

function Invoke-Bounded {
    <#
    Runs one cmdlet call in the hardening runspace and waits at most twice its bound plus 10 s,
    then stops it: a hang fails the test instead of the whole run. Returns the output, the
    non-terminating errors, the terminating one, the verbose records and the time taken.
    #>
    param(
        [Parameter(Mandatory = $true)] [string] $Command,
        [hashtable] $Parameters = @{},
        [object[]] $InputObject,
        [Parameter(Mandatory = $true)] [double] $Bound
    )
    if (-not $script:HardeningRunspace) { $script:HardeningRunspace = New-HardeningRunspace }
    $shell = [powershell]::Create()
    $shell.Runspace = $script:HardeningRunspace
    $null = $shell.AddCommand($Command).AddParameters($Parameters)
    # No input collection at all when nothing is piped: an empty one would mean "@() | cmdlet",
    # and then ProcessRecord never runs.
    $pipeline = $null
    if ($PSBoundParameters.ContainsKey('InputObject')) {
        $pipeline = [System.Management.Automation.PSDataCollection[object]]::new()
        foreach ($item in $InputObject) { $pipeline.Add($item) }
        $pipeline.Complete()
    }
    $output = [System.Management.Automation.PSDataCollection[object]]::new()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $async = $shell.BeginInvoke[object, object]($pipeline, $output)
    $finished = $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(2 * $Bound + 10))
    $terminating = $null
    if ($finished) {
        try { $null = $shell.EndInvoke($async) } catch { $terminating = $_.Exception }
    } else {
        $stop = $shell.BeginStop($null, $null)
        if (-not $stop.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10))) {
            # Even Ctrl+C did not end it: leave that runspace behind and start a fresh one.
            $script:HardeningRunspace = $null
        }
    }
    $watch.Stop()
    $record = $null
    # EndInvoke wraps what the cmdlet threw in a MethodInvocationException: the record that
    # counts is the first one inside it.
    for ($e = $terminating; $e; $e = $e.InnerException) {
        if ($e -is [System.Management.Automation.MethodInvocationException]) { continue }
        if ($e -is [System.Management.Automation.IContainsErrorRecord]) { $record = $e.ErrorRecord; break }
    }
    $result = [pscustomobject]@{
        Command     = $Command
        Output      = @($output)
        Errors      = @($shell.Streams.Error)
        Warnings    = @($shell.Streams.Warning)
        Verbose     = @($shell.Streams.Verbose)
        Terminating = $record
        Exception   = $terminating
        Elapsed     = $watch.Elapsed.TotalSeconds
        Bound       = $Bound
        Finished    = $finished
    }
    if ($finished) { $shell.Dispose() }
    $result
}

function Get-ErrorIdName([System.Management.Automation.ErrorRecord] $Record) {
    ($Record.FullyQualifiedErrorId -split ',')[0]
}

function Get-UnhandledReason {
    <# $null when the call ended as the contract says (results, documented errors); else why not. #>
    param([Parameter(Mandatory = $true)] $Call)
    if (-not $Call.Finished) { return "did not finish within $(2 * $Call.Bound + 10) s" }
    $type = $script:ResultTypes[$Call.Command]
    foreach ($item in $Call.Output) {
        if ($item -isnot [bool] -and $item.GetType().FullName -ne $type) { return "wrote a $($item.GetType().FullName)" }
    }
    foreach ($record in @($Call.Errors) + @($Call.Terminating | Where-Object { $_ })) {
        $id = Get-ErrorIdName $record
        if ($script:DocumentedErrorIds -notcontains $id -and $id -notmatch $script:BindingErrorIdPattern) {
            return "error $($record.FullyQualifiedErrorId): $($record.Exception.Message)"
        }
    }
    if ($Call.Exception -and -not $Call.Terminating) { return "threw $($Call.Exception.GetType().FullName): $($Call.Exception.Message)" }
    $null
}

function Register-Call {
    <#
    Counts one call as a fault or a bad input, and as a hang or an unhandled exception when it was
    one; returns the reason (or $null) so the test can assert on it with a readable message.
    #>
    param([Parameter(Mandatory = $true)] $Call, [ValidateSet('Fault', 'BadInput')] [string] $Kind, [string] $Label)
    if ($Kind -eq 'Fault') { $script:Tally.FaultsTried++ } else { $script:Tally.BadInputsTried++ }
    $problem = $null
    if (-not $Call.Finished -or $Call.Elapsed -gt $Call.Bound) {
        $script:Tally.Hangs++
        $problem = "hang: $Label took $([math]::Round($Call.Elapsed, 2)) s, bound $($Call.Bound) s"
    }
    $reason = Get-UnhandledReason $Call
    if ($reason -and $Call.Finished) {
        $script:Tally.UnhandledExceptions++
        $problem = "unhandled: $Label $reason"
    }
    if ($problem) { $script:Tally.Problems.Add($problem) }
    $problem
}

function Save-HardeningTally {
    param([Parameter(Mandatory = $true)] [string] $Name)
    $directory = Join-Path $env:ATTR35_REPO 'out/test-results'
    $null = New-Item -ItemType Directory -Force -Path $directory
    [ordered]@{
        Name                = $Name
        FaultsTried         = $script:Tally.FaultsTried
        BadInputsTried      = $script:Tally.BadInputsTried
        Hangs               = $script:Tally.Hangs
        UnhandledExceptions = $script:Tally.UnhandledExceptions
        Problems            = @($script:Tally.Problems)
    } | ConvertTo-Json | Set-Content -Path (Join-Path $directory "hardening-$Name.json") -Encoding utf8
    if ($script:HardeningRunspace) { $script:HardeningRunspace.Dispose(); $script:HardeningRunspace = $null }
}

function Get-LabServer {
    # 'bind' -> the lab BIND server; 'name' -> the scripted DNS scenario of that name.
    param([Parameter(Mandatory = $true)] [string] $Name, [Parameter(Mandatory = $true)] $Lab)
    if ($Name -eq 'bind') { return $Lab.Dns.Server }
    $port = $Lab.FaultDns.$Name
    if (-not $port) { throw "No scripted DNS scenario '$Name'." }
    "127.0.0.1:$port"
}

function Join-Char([int[]] $Code) { -join ($Code | ForEach-Object { [char]$_ }) }

function Initialize-BadInput {
    # Builds the corpus once per file and seeds the generator, so every run tries the same inputs.
    # The same corpus for every parameter: what admins paste by mistake, what exports mangle, and
    # what an attacker tries.
    $script:Corpus = [System.Collections.Generic.List[string]]@(
        # Empty, white space, line ends, controls.
        '', ' ', '   ', "`t", "`r", "`n", "`r`n", "`0", (Join-Char 0x1b, 0x5b, 0x33, 0x31, 0x6d), (Join-Char 0x7f), (Join-Char 0x85), (Join-Char 0x2028), (Join-Char 0x2029),
        (Join-Char 0x200b), (Join-Char 0xfeff), (Join-Char 0x202e), (Join-Char 0xa0), (Join-Char 0x3000)
        # Very long.
        ('x' * 64), ((('a' * 63) + '.') * 5 + 'example'), ('x' * 1024), ('x' * 65536), ('ab.' * 350000)
        # Unicode.
        'bücher.example', 'пример.испытание', '例え.テスト', "$(Join-Char 0xd83d, 0xdce7).example", "$(Join-Char 0xd800).example", "$(Join-Char 0xdc00)x.example",
        "e$(Join-Char 0x301).example", 'İstanbul.example', 'ß.example', 'xn--', 'xn--zz', 'xn--a.xn--b', 'ｇｏｏｄ．ｌａｂ．ｅｘａｍｐｌｅ', "good$(Join-Char 0x202e)elpmaxe.bal.",
        # Look-alike digits and odd address forms.
        '１２７．０．０．１', '１９２.０.２.１', '١٢٧.٠.٠.١', '¹²⁷.0.0.1', '१२७.०.०.१', 'l27.0.0.1', '127.O.O.1', '127.0.0.1.', '127.000.000.001',
        '0x7f.1', '2130706433', '0177.0.0.1', '127.1', '1.2.3.4.5', '256.1.1.1', '203.0.113.256', '203.0.113.25 ', ' 203.0.113.25',
        # IPv6, zones, brackets.
        'fe80::1%eth0', '[fe80::1%25eth0]:25', 'fe80::1%', '::1%lo', '[::1%lo]', '[IPv6:fe80::1%eth0]', '[::1]:0', '[::1]:65536', '::', '::ffff:127.0.0.1',
        '[IPv6:::1]', '2001:db8::1:25', '[2001:db8::1', '2001:db8::/32', '[', ']', '[]', '[[a]]', '[a', 'a]', '[a]]', '[a]:', '[a]:x', '[a]:99999',
        'a:', ':25', 'a:b:c', '[a]b', ']a[', '[[', ']]', '[relay.lab.example', 'relay.lab.example]:25',
        # <I>/<S> fragments and distinguished names.
        '<I>', '<S>', '<I><S>', '<I>CN=a<S>', '<S>CN=', '<I>CN=x<S>CN=a,CN=b', '<I>CN=x', '<S>O=Contoso', 'CN="unterminated', 'CN=a\', 'CN=\2', 'CN=\zz',
        '<I>CN=x<S>CN=*.contoso.com', '<I><I><S><S>', '<S>CN=a<I>CN=b', '<x>', '<', '>', '<>', '<<>>', 'CN==', '=', ',,,', 'CN=a+CN=b', '<I>CN=a<S>CN=mail.*.contoso.com',
        # Mailboxes.
        '"', '""@x', 'a@', '@b', 'a@@b', '@', 'a@[', 'a@[1.2.3.4', 'a@[IPv6:::1]', 'user@[127.0.0.1]', '<a@b.example>', '<<a@b.example>>', 'a b@c.example',
        '"a b"@c.example', '"a\"@c.example', 'a@b.example>', 'a@b..example', (('a' * 65) + '@b.example'), ('a@' + ('b' * 250) + '.example'), 'postmaster',
        'MAIL FROM:<a@b>', "a@b.example`r`nDATA", "a@b.example`nRSET", "a@b.example`r`n.`r`n", 'a@b.example DATA', 'a@b.ex%0d%0aDATA',
        # Injection, format strings, paths, providers.
        '{0}', '{0:x}', '%s%n', '$(Get-Date)', '`n', "'; DROP TABLE x; --", '../../etc/passwd', 'C:\con', '\\server\share', '/dev/zero', '/dev/urandom',
        '/dev/stdin', '/proc/self/mem', '/proc/kcore', '/', '.', '..', '~', 'Env:PATH', 'Function:\prompt', 'Variable:\PSHOME', 'HKLM:\SOFTWARE',
        'Cert:\LocalMachine\My', 'alias:gci', 'nodrive:\x', '*', '*.', '*.*', '**', '-', '--', 'a..b', '.a', 'a.', '_dmarc.x', '-a.example', 'a-.example',
        # Numbers and other formats.
        '1', '-1', '0', '65536', '1e9', 'NaN', 'null', '$null', 'true', 'True ', 'OnPremises ', 'Partner', 'onpremises', '1 ', 'smtp:x', 'SMTP:contoso.com;1',
        'SMTP:*;1', 'smtp:;', 'http://x', 'mailto:a@b', 'a,b', 'a;b', 'a b', "a`tb", 'x%y', 'a/24', '10.0.0.0/8', '192.0.2.1-192.0.2.9',
        '192.0.2.1(255.255.255.0)', '203.0.113.0/33', '203.0.113.0/-1', '203.0.113.0/', '/24'
    )
    foreach ($code in (0..31) + 127) {
        $script:Corpus.Add('good.' + [char]$code + 'lab.example')
    }

    $script:Random = [System.Random]::new(3535)
    $script:Hostile = "`0`t`r`n`v`f$(Join-Char 0x1b, 0x7f, 0x85, 0xa0, 0x2028, 0x200b, 0x202e, 0xfeff, 0xd800, 0xff11, 0x0661, 0x00fc, 0x0131).:[]<>@%/\,;`"' *=+#-_()```$!?~{}|"
    $script:Plain = 'abcdefghijklmnopqrstuvwxyz0123456789.-:'
}

function Get-RandomText([int] $MaxLength) {
    # Half plain characters, most of the rest hostile ones, now and then anything below U+3000.
    $length = $script:Random.Next(1, $MaxLength + 1)
    $chars = for ($i = 0; $i -lt $length; $i++) {
        $pick = $script:Random.Next(10)
        if ($pick -lt 5) { $script:Plain[$script:Random.Next($script:Plain.Length)] }
        elseif ($pick -lt 9) { $script:Hostile[$script:Random.Next($script:Hostile.Length)] }
        else { [char]$script:Random.Next(0x20, 0x3000) }
    }
    -join $chars
}

function Get-Mutation([string] $Valid) {
    # A near miss: hostile characters inserted, swapped in, appended after CR LF or before, or the value cut.
    $extra = Get-RandomText 3
    $at = $script:Random.Next($Valid.Length + 1)
    switch ($script:Random.Next(5)) {
        0 { $Valid.Insert($at, $extra) }
        1 { if ($at -lt $Valid.Length) { $Valid.Remove($at, 1).Insert($at, $extra) } else { $Valid + $extra } }
        2 { $Valid + "`r`n" + $extra }
        3 { $extra + $Valid }
        4 { $Valid.Substring(0, $at) }
    }
}

function Get-BadInput([string] $Seed, [int] $Random = 50, [int] $Mutations = 40) {
    # The corpus, random strings and near misses of $Seed.
    if (-not $script:Corpus) { Initialize-BadInput }
    $values = [System.Collections.Generic.List[string]]::new($script:Corpus)
    for ($i = 0; $i -lt $Random; $i++) { $values.Add((Get-RandomText 40)) }
    for ($i = 0; $i -lt $Mutations; $i++) { $values.Add((Get-Mutation $Seed)) }
    $values
}

function Get-AllResultText {
    # Every string a result holds, however deep (findings, records, probe, certificate), so a
    # test can say none of them carries a raw control character.
    param($Value, [int] $Depth = 0)
    if ($null -eq $Value -or $Depth -gt 6) { return }
    if ($Value -is [string]) { return $Value }
    if ($Value -is [System.Collections.IEnumerable]) { foreach ($item in $Value) { Get-AllResultText $item ($Depth + 1) }; return }
    if ($Value.GetType().Namespace -like 'ATTR35*') {
        foreach ($property in $Value.PSObject.Properties) { Get-AllResultText $property.Value ($Depth + 1) }
    }
}
