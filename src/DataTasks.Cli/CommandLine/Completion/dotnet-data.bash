# bash completion for dotnet data (and dotnet-data). Install it with this line in ~/.bashrc:
#   eval "$(dotnet data completion bash)"
_dotnet_data_complete() {
    local line="${COMP_LINE:0:COMP_POINT}" rest
    local -a runner
    if [[ $line =~ ^[[:space:]]*[^[:space:]]*dotnet-data[[:space:]]+(.*)$ ]]; then
        rest="${BASH_REMATCH[1]}"
        runner=(dotnet-data)
    elif [[ $line =~ ^[[:space:]]*[^[:space:]]*dotnet[[:space:]]+data[[:space:]]+(.*)$ ]]; then
        rest="${BASH_REMATCH[1]}"
        runner=(dotnet data)
    elif [[ $line =~ ^[[:space:]]*[^[:space:]]*dotnet[[:space:]] ]]; then
        # Any other dotnet command: the .NET SDK's own completion.
        local IFS=$'\n'
        COMPREPLY=($(dotnet complete --position "$COMP_POINT" "$COMP_LINE" 2>/dev/null))
        return
    else
        return
    fi
    local IFS=$'\n'
    COMPREPLY=($("${runner[@]}" __complete --position "${#rest}" -- "$rest" 2>/dev/null))
}
complete -o default -F _dotnet_data_complete dotnet-data dotnet
