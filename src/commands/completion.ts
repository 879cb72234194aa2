/**
 * `lessoncast completion bash|zsh|fish`: a completion script for the shell, made from the command
 * line's own declaration (src/cli.ts), so it never lists a command or flag that does not exist.
 * Lesson slugs complete from transcripts/*.md of the current folder.
 */
import type { Command, Option } from 'commander';
import type { CommandContext, GlobalOptions } from './command-options.ts';

/** One command as the scripts need it. */
export interface CompletionCommand {
  name: string;
  description: string;
  /** Flags with their description and whether they take a value. */
  options: { flags: string[]; description: string; takesValue: boolean; choices?: readonly string[] }[];
  /** Takes lesson slugs as arguments. */
  slugs: boolean;
  /** Fixed argument values (completion's shells). */
  argChoices?: readonly string[];
}

/** The commands and flags of the program, for completion. */
export function completionModel(program: Command): CompletionCommand[] {
  const flagsOf = (o: Option) => [o.short, o.long].filter((f): f is string => !!f);
  const global = program.options.filter((o) => o.long !== '--version').map((o) => ({ flags: flagsOf(o), description: o.description, takesValue: o.required || o.optional }));
  return program.commands.map((c) => {
    const arg = c.registeredArguments[0];
    return {
      name: c.name(),
      description: c.description(),
      options: [...c.options.map((o) => ({ flags: flagsOf(o), description: o.description, takesValue: o.required || o.optional, choices: o.argChoices })), ...global,
        { flags: ['-h', '--help'], description: 'show help', takesValue: false }],
      slugs: !!arg && /slug/.test(arg.name()),
      argChoices: arg?.argChoices,
    };
  });
}

const sq = (s: string) => s.replace(/'/g, "'\\''");

/** The bash script: `complete -F` over the commands, their flags and the course's slugs. */
export function bashScript(cmds: CompletionCommand[]): string {
  const cases = cmds.map((c) => {
    const opts = c.options.flatMap((o) => o.flags).join(' ');
    const words = c.argChoices ? c.argChoices.join(' ') : '';
    return `    ${c.name}) opts='${opts}'; slugs=${c.slugs ? 1 : 0}; words='${words}' ;;`;
  }).join('\n');
  return `# lessoncast completion for bash: lessoncast completion bash >> ~/.bashrc
_lessoncast() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} opts='' slugs=0 words=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W '${cmds.map((c) => c.name).join(' ')} --help --version' -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  case "$prev" in
    --out|--root) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  elif [ "$slugs" = 1 ]; then
    local s f
    s=''
    for f in transcripts/*.md; do [ -e "$f" ] && f=\${f#transcripts/} && s="$s \${f%.md}"; done
    COMPREPLY=( $(compgen -W "$s" -- "$cur") )
  elif [ -n "$words" ]; then
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
  fi
}
complete -o default -F _lessoncast lessoncast
`;
}

/** The zsh script: `_arguments` per command, `_describe` for the commands. */
export function zshScript(cmds: CompletionCommand[]): string {
  const zq = (s: string) => sq(s).replace(/[[\]:]/g, '\\$&');
  const describe = cmds.map((c) => `    '${sq(c.name)}:${zq(c.description)}'`).join('\n');
  const cases = cmds.map((c) => {
    const specs = c.options.map((o) => {
      const names = o.flags.length > 1 ? `{${o.flags.join(',')}}` : o.flags[0];
      const value = !o.takesValue ? '' : o.choices ? `:value:(${o.choices.join(' ')})` : /--(out|root)$/.test(o.flags.at(-1) ?? '') ? ':folder:_files -/' : ':value:';
      return `'${o.flags.length > 1 ? `(${o.flags.join(' ')})` : ''}'${names}'[${zq(o.description)}]${value}'`;
    });
    const args = c.slugs ? ` '*:lesson:_lessoncast_slugs'` : c.argChoices ? ` '1:value:(${c.argChoices.join(' ')})'` : c.name === 'init' ? ` '1:folder:_files -/'` : '';
    return `    (${c.name}) _arguments ${specs.join(' ')}${args} ;;`;
  }).join('\n');
  return `#compdef lessoncast
# lessoncast completion for zsh: lessoncast completion zsh > "\${fpath[1]}/_lessoncast" (or eval "$(lessoncast completion zsh)")
_lessoncast_slugs() {
  local -a slugs
  slugs=(transcripts/*.md(N:t:r))
  compadd -a slugs
}
_lessoncast() {
  local -a commands
  commands=(
${describe}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=$words[2]
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases}
  esac
}
compdef _lessoncast lessoncast
`;
}

/** The fish script: one `complete` line per command and flag. */
export function fishScript(cmds: CompletionCommand[]): string {
  const lines = ['# lessoncast completion for fish: lessoncast completion fish > ~/.config/fish/completions/lessoncast.fish', 'complete -c lessoncast -f'];
  const names = cmds.map((c) => c.name).join(' ');
  for (const c of cmds) lines.push(`complete -c lessoncast -n 'not __fish_seen_subcommand_from ${names}' -a ${c.name} -d '${sq(c.description)}'`);
  for (const c of cmds) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    for (const o of c.options) {
      const short = o.flags.find((f) => /^-\w$/.test(f));
      const long = o.flags.find((f) => f.startsWith('--'));
      const value = !o.takesValue ? '' : o.choices ? ` -x -a '${o.choices.join(' ')}'` : /--(out|root)$/.test(long ?? '') ? ' -r -F' : ' -x';
      lines.push(`complete -c lessoncast ${when}${short ? ` -s ${short.slice(1)}` : ''}${long ? ` -l ${long.slice(2)}` : ''} -d '${sq(o.description)}'${value}`);
    }
    if (c.slugs) lines.push(`complete -c lessoncast ${when} -a "(string replace -r '^transcripts/(.*)\\.md\\$' '\\$1' transcripts/*.md 2>/dev/null)"`);
    if (c.argChoices) lines.push(`complete -c lessoncast ${when} -a '${c.argChoices.join(' ')}'`);
    if (c.name === 'init') lines.push(`complete -c lessoncast ${when} -F`);
  }
  return lines.join('\n') + '\n';
}

/** Prints the script for `shell`. */
export async function run(shell: string, _opts: GlobalOptions, ctx: CommandContext): Promise<number> {
  if (!ctx.program) throw new Error('completion: the command line was not given');
  const cmds = completionModel(ctx.program);
  const script = shell === 'zsh' ? zshScript(cmds) : shell === 'fish' ? fishScript(cmds) : bashScript(cmds);
  process.stdout.write(script);
  return 0;
}
