# Dot-sourced (after Common.ps1) by Faults.Dns, Faults.Smtp, Fuzz and Safety tests: runs cmdlet
# calls under a watchdog, tells a handled outcome from an unhandled one, and keeps the tallies
# build.ps1 prints at the end of the run (out/test-results/hardening-<name>.json).

# The error ids a cmdlet may write (documented in about_ATTR35, ERRORS). CheckFailed is missing on
# purpose: it is the net under an exception nobody anticipated, so meeting it is a defect.
$script:DocumentedErrorIds = @(
    'InvalidDomainName', 'InvalidExpectedHost', 'InvalidServer', 'ServerNotResolvable',
    'InvalidSmartHost', 'InvalidHeloName', 'InvalidRecipient', 'InvalidSender', 'ClientCertificateWithoutKey',
    'SenderIdentityRequired', 'InvalidSenderIPAddress', 'InvalidCertificateName', 'InvalidCertificate',
    'CertificateFileUnreadable', 'InvalidAcceptedDomain', 'InvalidSendingServer', 'InvalidConnector'
)

# PowerShell's own parameter validation, before the cmdlet runs ([ValidateNotNullOrEmpty] on -Server).
$script:BindingErrorIdPattern = '^ParameterArgumentValidationError'

$script:ResultTypes = @{
    'Test-MxRecord'         = 'ATTR35.MxRecordResult'
    'Test-SmartHost'        = 'ATTR35.SmartHostResult'
    'Test-InboundConnector' = 'ATTR35.InboundConnectorResult'
}

$script:Tally = [ordered]@{ FaultsTried = 0; BadInputsTried = 0; Hangs = 0; UnhandledExceptions = 0; Problems = [System.Collections.Generic.List[string]]::new() }
$script:HardeningRunspace = $null

function New-HardeningRunspace {
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule(@($env:ATTR35_MODULE))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $runspace
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
    for ($e = $terminating; $e; $e = $e.InnerException) {
        if ($e -is [System.Management.Automation.IContainsErrorRecord]) { $record = $e.ErrorRecord; if ($record.FullyQualifiedErrorId -notmatch '^(MethodInvocationException|CmdletInvocationException)') { break } }
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
