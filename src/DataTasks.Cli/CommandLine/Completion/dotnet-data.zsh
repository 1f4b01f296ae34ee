# zsh completion for dotnet data (and dotnet-data). Install it with this line in ~/.zshrc, after compinit:
#   eval "$(dotnet data completion zsh)"
_dotnet_data_complete() {
    local line="${BUFFER[1,CURSOR]}" rest
    local -a runner completions
    if [[ $line =~ '^[[:space:]]*[^[:space:]]*dotnet-data[[:space:]]+(.*)$' ]]; then
        rest="${match[1]}"
        runner=(dotnet-data)
    elif [[ $line =~ '^[[:space:]]*[^[:space:]]*dotnet[[:space:]]+data[[:space:]]+(.*)$' ]]; then
        rest="${match[1]}"
        runner=(dotnet data)
    else
        # Any other dotnet command: the .NET SDK's own completion.
        completions=("${(@f)$(dotnet complete --position "$CURSOR" "$BUFFER" 2>/dev/null)}")
        compadd -a completions
        return
    fi
    completions=("${(@f)$("${runner[@]}" __complete --position "${#rest}" -- "$rest" 2>/dev/null)}")
    if [[ -n "${completions[1]}" ]]; then
        compadd -a completions
    else
        _files
    fi
}
compdef _dotnet_data_complete dotnet-data dotnet
