<#
.SYNOPSIS
    Checks that every assembly the module ships can load in Windows PowerShell 5.1 and PowerShell 7.
.DESCRIPTION
    Reads each DLL of the built module (the module folder and Dependencies/) with
    System.Reflection.Metadata, without loading it, and fails when:
    - an assembly references anything other than the netstandard2.0 reference set (the facades of
      NETStandard.Library 2.0.3, which .NET Framework 4.7.2 and .NET both provide), an assembly
      the module ships, or System.Management.Automation up to version 3.0.0.0 (the version of
      Windows PowerShell 5.1, which PowerShellStandard.Library 5.1 compiles against);
    - it asks for a higher version of a facade or a shipped assembly than the one available;
    - ATTR35.dll references a shipped dependency: DnsClient and its dependencies must load only
      through ATTR35.DnsClient.dll in the private load context;
    - an assembly targets anything other than .NET Standard 2.0 or lower, or the module's own
      assemblies (ATTR35*) lack their TargetFrameworkAttribute for .NETStandard,Version=v2.0.
    Windows PowerShell 5.1 is not needed to run it (it runs on PowerShell 7, where
    System.Reflection.Metadata is part of the runtime). The Test task runs it, and so does Package.
.EXAMPLE
    ./build/Test-AssemblyReferences.ps1 -ModuleDirectory ./out/ATTR35/0.1.0
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleDirectory,

    # The netstandard2.0 reference assemblies; default: NETStandard.Library 2.0.3 in the NuGet cache.
    [string] $ReferenceDirectory,

    # Also write what was read: each assembly with its target framework and references.
    [switch] $PassThru
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Windows PowerShell 5.1's System.Management.Automation is 3.0.0.0; PowerShell 7's is higher.
$hostAssemblies = @{ 'System.Management.Automation' = [version]'3.0.0.0' }
$netStandard = '.NETStandard,Version=v2.0'

if (-not $ReferenceDirectory) {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        ((& dotnet nuget locals global-packages --list | Select-Object -First 1) -replace '^global-packages:\s*', '').Trim()
    }
    $ReferenceDirectory = Join-Path $packages 'netstandard.library/2.0.3/build/netstandard2.0/ref'
}
if (-not (Test-Path (Join-Path $ReferenceDirectory 'netstandard.dll'))) {
    throw "The netstandard2.0 reference assemblies are not at $ReferenceDirectory. Build the module first (dotnet restore brings NETStandard.Library 2.0.3), or give -ReferenceDirectory."
}

function Read-AssemblyMetadata {
    param([string] $Path)
    $stream = [IO.File]::OpenRead($Path)
    try {
        $pe = New-Object System.Reflection.PortableExecutable.PEReader($stream)
        if (-not $pe.HasMetadata) { return [pscustomobject]@{ Path = $Path; Name = $null } }
        $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        $definition = $reader.GetAssemblyDefinition()
        $targetFramework = $null
        foreach ($handle in $reader.GetCustomAttributes([System.Reflection.Metadata.EntityHandle]::AssemblyDefinition)) {
            $attribute = $reader.GetCustomAttribute($handle)
            if ($attribute.Constructor.Kind -ne [System.Reflection.Metadata.HandleKind]::MemberReference) { continue }
            $parent = $reader.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$attribute.Constructor).Parent
            if ($parent.Kind -ne [System.Reflection.Metadata.HandleKind]::TypeReference) { continue }
            $type = $reader.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$parent)
            if ($reader.GetString($type.Namespace) -ne 'System.Runtime.Versioning' -or $reader.GetString($type.Name) -ne 'TargetFrameworkAttribute') { continue }
            # Custom attribute blob: prolog 0x0001, then the constructor's string argument.
            $blob = $reader.GetBlobReader($attribute.Value)
            $null = $blob.ReadUInt16()
            $targetFramework = $blob.ReadSerializedString()
        }
        $references = foreach ($handle in $reader.AssemblyReferences) {
            $reference = $reader.GetAssemblyReference($handle)
            [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
        }
        return [pscustomobject]@{
            Path = $Path
            Name = $reader.GetString($definition.Name)
            Version = $definition.Version
            TargetFramework = $targetFramework
            References = @($references)
        }
    } finally {
        $stream.Dispose()
    }
}

$facades = @{}
foreach ($file in (Get-ChildItem -Path $ReferenceDirectory -Filter '*.dll')) {
    $facade = Read-AssemblyMetadata $file.FullName
    $facades[$facade.Name] = $facade.Version
}

$shipped = @(Get-ChildItem -Path $ModuleDirectory -Filter '*.dll' -Recurse | ForEach-Object { Read-AssemblyMetadata $_.FullName })
$byName = @{}
foreach ($assembly in $shipped) { if ($assembly.Name) { $byName[$assembly.Name] = $assembly } }
$dependencies = @($shipped | Where-Object { (Split-Path -Leaf (Split-Path -Parent $_.Path)) -eq 'Dependencies' } | ForEach-Object Name)

$problems = New-Object System.Collections.Generic.List[string]
foreach ($assembly in $shipped) {
    $file = $assembly.Path.Substring($ModuleDirectory.TrimEnd('/', '\').Length + 1)
    if (-not $assembly.Name) { $problems.Add("${file}: not a .NET assembly"); continue }

    if ($assembly.Name -like 'ATTR35*') {
        if ($assembly.TargetFramework -ne $netStandard) { $problems.Add("${file}: targets '$($assembly.TargetFramework)', not $netStandard") }
    } elseif ($assembly.TargetFramework -and $assembly.TargetFramework -notmatch '^\.NETStandard,Version=v(1\.\d|2\.0)$') {
        $problems.Add("${file}: targets '$($assembly.TargetFramework)', which Windows PowerShell 5.1 (.NET Framework 4.7.2) cannot load")
    }

    foreach ($reference in $assembly.References) {
        $name = $reference.Name
        if ($assembly.Name -eq 'ATTR35' -and $dependencies -contains $name) {
            $problems.Add("${file}: references $name, which must load only through ATTR35.DnsClient.dll in the private load context")
        } elseif ($hostAssemblies.ContainsKey($name)) {
            if ($reference.Version -gt $hostAssemblies[$name]) { $problems.Add("${file}: references $name $($reference.Version); Windows PowerShell 5.1 has $($hostAssemblies[$name])") }
        } elseif ($facades.ContainsKey($name)) {
            if ($reference.Version -gt $facades[$name]) { $problems.Add("${file}: references $name $($reference.Version), above netstandard2.0's $($facades[$name])") }
        } elseif ($byName.ContainsKey($name)) {
            # The module's resolver matches shipped assemblies by simple name on .NET Framework, so
            # an older reference binds to the shipped version; a newer one would be missing code.
            if ($reference.Version -gt $byName[$name].Version) { $problems.Add("${file}: references $name $($reference.Version), but the module ships $($byName[$name].Version)") }
        } else {
            $problems.Add("${file}: references $name $($reference.Version), which is neither in netstandard2.0 nor shipped with the module")
        }
    }
}

foreach ($assembly in $shipped) {
    Write-Verbose ("{0} {1} [{2}] -> {3}" -f $assembly.Name, $assembly.Version, $assembly.TargetFramework, (($assembly.References | ForEach-Object { "$($_.Name) $($_.Version)" }) -join ', '))
}
if ($problems.Count -gt 0) {
    throw "The module ships assemblies that Windows PowerShell 5.1 may not load:`n  " + ($problems -join "`n  ")
}
if ($PassThru) {
    $shipped | ForEach-Object {
        [pscustomobject]@{
            Name = $_.Name
            Version = [string]$_.Version
            TargetFramework = $_.TargetFramework
            References = @($_.References | ForEach-Object { '{0} {1}' -f $_.Name, $_.Version })
        }
    }
}
Write-Host ("Assembly references: {0} assemblies reference only netstandard2.0, System.Management.Automation 3.0 and each other." -f $shipped.Count) -ForegroundColor Green
