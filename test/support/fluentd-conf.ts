/**
 * A reader for Fluentd's configuration syntax, enough for the project's own files: directives
 * (`<name arg>` … `</name>`), `key value` parameters (double-quoted values unquoted), comments and
 * `@include`, which is resolved against the other files of the same ConfigMap. Fails on anything it
 * does not understand, so a config it cannot read fails the test instead of being half-checked.
 */
export interface ConfDirective {
  readonly name: string;
  readonly arg?: string;
  readonly params: Record<string, string>;
  readonly children: ConfDirective[];
}

function unquote(raw: string): string {
  if (raw.startsWith('"')) {
    if (!raw.endsWith('"') || raw.length < 2) {
      throw new Error(`unterminated double-quoted value: ${raw}`);
    }
    // Fluentd's double-quoted strings use the same escapes as JSON for what the project writes.
    return raw.includes('#{') ? raw.slice(1, -1) : JSON.parse(raw);
  }
  return raw;
}

/** Parses `files[entry]`, inlining `@include`d files, into a root directive named `root`. */
export function parseFluentdConf(files: Record<string, string>, entry = 'fluent.conf'): ConfDirective {
  const root: ConfDirective = { name: 'root', params: {}, children: [] };
  const stack: ConfDirective[] = [root];
  const readFile = (name: string, seen: string[]) => {
    if (!(name in files)) {
      throw new Error(`@include ${name}: no such file in the ConfigMap (it has ${Object.keys(files).join(', ')})`);
    }
    if (seen.includes(name)) {
      throw new Error(`@include cycle: ${[...seen, name].join(' → ')}`);
    }
    for (const [index, rawLine] of files[name].split('\n').entries()) {
      const line = rawLine.trim();
      const where = `${name}:${index + 1}`;
      if (line === '' || line.startsWith('#')) {
        continue;
      }
      const close = /^<\/([\w@.-]+)>$/.exec(line);
      const open = /^<([\w@.-]+)(?:\s+(.+))?>$/.exec(line);
      if (close) {
        const top = stack.pop();
        if (!top || top.name !== close[1] || stack.length === 0) {
          throw new Error(`${where}: </${close[1]}> does not close <${top?.name}>`);
        }
      } else if (open) {
        const child: ConfDirective = { name: open[1], arg: open[2], params: {}, children: [] };
        stack[stack.length - 1].children.push(child);
        stack.push(child);
      } else if (line.startsWith('@include ')) {
        readFile(line.slice('@include '.length).trim(), [...seen, name]);
      } else {
        const param = /^(@?[\w.-]+)\s+(.*)$/.exec(line);
        if (!param) {
          throw new Error(`${where}: cannot read "${line}"`);
        }
        const params = stack[stack.length - 1].params;
        if (param[1] in params) {
          throw new Error(`${where}: parameter ${param[1]} given twice`);
        }
        params[param[1]] = unquote(param[2]);
      }
    }
  };
  readFile(entry, []);
  if (stack.length !== 1) {
    throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  }
  return root;
}

/** Every directive under `node` (depth first) that matches `predicate`. */
export function findAll(node: ConfDirective, predicate: (d: ConfDirective) => boolean): ConfDirective[] {
  return node.children.flatMap((child) => [...(predicate(child) ? [child] : []), ...findAll(child, predicate)]);
}

/** The single directive matching `predicate`, or a failed test naming what is missing. */
export function findOne(node: ConfDirective, what: string, predicate: (d: ConfDirective) => boolean): ConfDirective {
  const found = findAll(node, predicate);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${what} in the Fluentd configuration, found ${found.length}`);
  }
  return found[0];
}

/**
 * A JavaScript RegExp for a strptime format, for the directives the project's configuration uses:
 * it checks that sample timestamps have the shape the format expects. Unknown directives throw.
 */
export function strptimePattern(format: string): RegExp {
  const directives: Record<string, string> = {
    '%Y': '\\d{4}', '%m': '\\d{2}', '%d': '\\d{2}', '%H': '\\d{2}', '%M': '\\d{2}', '%S': '\\d{2}',
    // Ruby's %N reads any number of fraction digits; %:z and %z accept Z as UTC.
    '%N': '\\d+', '%L': '\\d{3}', '%:z': '(?:Z|[+-]\\d{2}:\\d{2})', '%z': '(?:Z|[+-]\\d{2}:?\\d{2})',
  };
  let pattern = '';
  for (let i = 0; i < format.length;) {
    const directive = ['%:z', ...Object.keys(directives)].find((d) => format.startsWith(d, i));
    if (directive) {
      pattern += directives[directive];
      i += directive.length;
    } else if (format[i] === '%') {
      throw new Error(`strptime directive ${format.slice(i, i + 3)} in "${format}" is not understood by the test`);
    } else {
      pattern += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${pattern}$`);
}

/** A RegExp for a Fluentd path glob (`*` within one path segment). */
export function globPattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
}
