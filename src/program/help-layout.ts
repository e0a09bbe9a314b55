/**
 * `--help` laid out by display width, through commander's help hooks: terms
 * padded with `string-width`, descriptions wrapped between words (Chinese
 * between characters, never before a closing mark), titles in the user's
 * language, and each command's examples (folded with ` \`, so they still
 * paste as one command) and closing text from the command table. Loaded
 * only to show help: `string-width` compiles Unicode's emoji data on load.
 */
import type { Command, HelpConfiguration, Option } from 'commander';
import stringWidth from 'string-width';
import { joinPhrases, t } from '../i18n/index.js';
import { wrap, wrapCommand } from '../ui/width.js';
import type { OptionSpec } from './options.js';
import type { CommandSpec } from './spec.js';

/** What help needs to know of the tree: the table entry behind a command or an option. */
export interface HelpLookup {
  command(cmd: Command): CommandSpec | undefined;
  option(option: Option): { spec: OptionSpec; negated: boolean } | undefined;
}

/** Terms wider than this get a line of their own, so descriptions keep room to read. */
const TERM_COLUMN = 28;

export function helpLayout(lookup: HelpLookup): HelpConfiguration {
  return {
    displayWidth: (text) => stringWidth(text),
    boxWrap: (text, width) => wrap(text, width),
    optionDescription(option) {
      const found = lookup.option(option);
      if (!found) return option.description;
      const { spec, negated } = found;
      return negated && spec.negation === 'also' ? (spec.negationHelp?.() ?? '') : spec.help();
    },
    subcommandTerm: (cmd) => [cmd.name(), ...(lookup.command(cmd)?.args ?? [])].join(' '),
    subcommandDescription(cmd) {
      const spec = lookup.command(cmd);
      return spec ? t(spec.description) : cmd.description();
    },
    padWidth: (cmd, helper) =>
      Math.min(
        TERM_COLUMN,
        Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
        ),
      ),
    formatItem(term, termWidth, description, helper) {
      if (!description) return `  ${term}`;
      const indent = ' '.repeat(2 + termWidth + 2);
      const text = helper
        .boxWrap(description, (helper.helpWidth ?? 80) - indent.length)
        .replace(/\n/g, `\n${indent}`);
      const width = helper.displayWidth(term);
      if (width > termWidth) return `  ${term}\n${indent}${text}`;
      return `  ${term}${' '.repeat(termWidth - width)}  ${text}`;
    },
    formatHelp(cmd, helper) {
      const spec = lookup.command(cmd);
      const width = helper.helpWidth ?? 80;
      const termWidth = helper.padWidth(cmd, helper);
      const item = (term: string, description: string) =>
        helper.formatItem(term, termWidth, description, helper);
      const out = [joinPhrases([t('cli.helpUsage'), helper.commandUsage(cmd)]), ''];
      out.push(helper.boxWrap(spec ? t(spec.description) : cmd.description(), width), '');
      const options = helper.visibleOptions(cmd);
      if (options.length > 0) {
        out.push(
          t('cli.helpOptions'),
          ...options.map((o) => item(helper.optionTerm(o), helper.optionDescription(o))),
          '',
        );
      }
      const commands = helper.visibleCommands(cmd);
      if (commands.length > 0) {
        out.push(
          t('cli.helpCommands'),
          ...commands.map((c) => item(helper.subcommandTerm(c), helper.subcommandDescription(c))),
          '',
        );
      }
      if (spec && spec.examples.length > 0) {
        out.push(
          t('cli.examples'),
          ...spec.examples.map((e) => `  $ ${wrapCommand(e, width - 4, '      ')}`),
        );
      }
      if (spec?.after) out.push('', spec.after(width));
      return `${out.join('\n')}\n`;
    },
  };
}
