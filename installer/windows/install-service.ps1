<#
.SYNOPSIS
  Installs porticod as a Windows service, or removes it.

.DESCRIPTION
  Copies porticod.exe (with the DLLs beside it) and the adapter plugins from -SourceDir into
  -InstallDir, puts the configuration into -DataDir once (an existing one is kept), registers the
  service through porticod's own /registerService (POCO ServerApplication), points it at the
  configuration, runs it as its virtual account NT SERVICE\<name> with write access to -DataDir
  alone, and sets the recovery actions (restart after 5 s, 10 s, then 60 s; the count reset after
  a day). Nothing is started unless -Start is given.

  Run from an elevated PowerShell:
    .\install-service.ps1 -SourceDir C:\build\portico
    .\install-service.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string]$SourceDir = $PSScriptRoot,
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'Portico'),
    [string]$DataDir = (Join-Path $env:ProgramData 'Portico'),
    [string]$ServiceName = 'porticod',
    [switch]$Start,
    [switch]$Uninstall
)

$ErrorActionPreference = 'Stop'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell (as an administrator).'
}

$exe = Join-Path $InstallDir 'porticod.exe'
$account = "NT SERVICE\$ServiceName"

function Invoke-Checked([string]$program, [string[]]$arguments) {
    & $program @arguments
    if ($LASTEXITCODE -ne 0) { throw "$program $($arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

if ($Uninstall) {
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($service) {
        if ($service.Status -ne 'Stopped') { Stop-Service -Name $ServiceName -Force }
        Invoke-Checked $exe @('/unregisterService')
    }
    if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
    # The audit trail and the store are records: they stay in $DataDir.
    Write-Host "Removed $ServiceName; $DataDir (configuration, audit trail, store) is kept."
    return
}

# Files: the program and its DLLs, the plugins, the configuration (once).
New-Item -ItemType Directory -Force -Path $InstallDir, (Join-Path $InstallDir 'plugins'), $DataDir | Out-Null
Copy-Item -Force (Join-Path $SourceDir '*.exe'), (Join-Path $SourceDir '*.dll') $InstallDir
Copy-Item -Force (Join-Path $SourceDir 'plugins\*.dll') (Join-Path $InstallDir 'plugins')
$config = Join-Path $DataDir 'portico.xml'
if (-not (Test-Path $config)) { Copy-Item (Join-Path $SourceDir 'portico.xml') $config }

# Only administrators and the system may change the program and its plugins (the loader refuses a
# plugin others could replace); everyone may read and run them.
Invoke-Checked icacls.exe @($InstallDir, '/inheritance:r', '/grant:r', 'Administrators:(OI)(CI)F',
                            'SYSTEM:(OI)(CI)F', 'Users:(OI)(CI)RX', '/T', '/Q')

# The service, registered by porticod itself, then given its configuration and account.
if (-not (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
    Invoke-Checked $exe @('/registerService', '/displayName=Portico API gateway', '/startup=automatic')
}
Invoke-Checked sc.exe @('config', $ServiceName, 'binPath=', "`"$exe`" --config=`"$config`"", 'obj=', $account)
Invoke-Checked sc.exe @('description', $ServiceName, 'REST front for SOAP and legacy TCP systems')
Invoke-Checked sc.exe @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/10000/restart/60000')
Invoke-Checked sc.exe @('failureflag', $ServiceName, '1')

# The configuration folder: read by the service, written (audit trail, store) by it alone.
Invoke-Checked icacls.exe @($DataDir, '/inheritance:r', '/grant:r', 'Administrators:(OI)(CI)F',
                            'SYSTEM:(OI)(CI)F', "${account}:(OI)(CI)M", '/T', '/Q')

if ($Start) { Start-Service -Name $ServiceName }
Write-Host "Installed $ServiceName ($exe, configuration $config, account $account)."
if (-not $Start) { Write-Host "Start it with: Start-Service $ServiceName" }
