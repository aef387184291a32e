# Thin wrapper over the same dotnet commands README.md gives; nothing here that README lacks.
#   ./build.ps1 build | test | pack | run [-- ccornet arguments]
param(
    [ValidateSet('build', 'test', 'pack', 'run')]
    [string] $Task = 'build',
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Task) {
    'build' { dotnet build CcOrNet.Spark.sln -c Release @Rest }
    'test'  { dotnet test CcOrNet.Spark.sln @Rest }
    'pack'  { dotnet pack jobs/CcOrNet.Jobs -c Release -o artifacts @Rest }
    'run'   { dotnet run -c Release --project jobs/CcOrNet.Jobs -- @Rest }
}
exit $LASTEXITCODE
