// Preload (node -r) for bench/profile.ts: the first SIGUSR2 starts a V8 CPU profile, the second
// writes it to $WINDOW_PROFILE_DIR/window.cpuprofile, so the profile covers only the load run
// between them (not start-up, seeding or provisioning).
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, { profile }) => {
    if (!err) fs.writeFileSync(path.join(process.env.WINDOW_PROFILE_DIR, 'window.cpuprofile'), JSON.stringify(profile));
  });
});
