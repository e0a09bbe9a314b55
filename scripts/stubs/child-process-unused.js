// commander requires node:child_process for executable subcommands
// (`program.command('x', 'description')` run as a separate program), which
// onboard never declares. Loading child_process pulls in net, dgram and the
// streams at every start; the bundle gives commander this stub instead.
// Reaching it is a bug.
module.exports = {
  spawn() {
    throw new Error('executable subcommands are not used: node:child_process is not bundled for commander');
  },
};
