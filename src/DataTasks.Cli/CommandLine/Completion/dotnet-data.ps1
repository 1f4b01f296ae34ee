# PowerShell completion for dotnet data (and dotnet-data). Install it with this line in $PROFILE:
#   dotnet data completion pwsh | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName dotnet, dotnet-data -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $line = $commandAst.ToString()
    $upTo = $line.Substring(0, [Math]::Max(0, [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $line.Length)))
    if ($upTo -match '^\s*\S*dotnet-data\s+(.*)$') {
        $rest = $Matches[1]
        $items = & dotnet-data __complete --position $rest.Length -- "$rest"
    } elseif ($upTo -match '^\s*\S*dotnet\s+data\s+(.*)$') {
        $rest = $Matches[1]
        $items = & dotnet data __complete --position $rest.Length -- "$rest"
    } else {
        # Any other dotnet command: the .NET SDK's own completion.
        $items = & dotnet complete --position $cursorPosition "$line"
    }
    $items | Where-Object { $_ } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
