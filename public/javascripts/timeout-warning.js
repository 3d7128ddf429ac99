// The GOV.UK timeout warning (progressive enhancement: without JavaScript the session simply ends on
// the server, and the next page asks the person to sign in again). Two minutes before a session left
// unused would end, a modal dialog counts down; "Stay signed in" (or Escape) keeps the session, and
// when the time is up the page signs the person out, so that the sign-in page says why, sending the
// answers on a question page to be kept for when they sign in again.

const WARNING_SECONDS = 120;
/** How often the countdown is read out to screen readers, in seconds: every second would drown everything else. */
const ANNOUNCE_EVERY = 30;

const inWords = (seconds) => {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
};

for (const dialog of document.querySelectorAll('dialog[data-module="app-timeout-warning"]')) {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  // Two minutes' warning; half the time for a session shorter than four minutes.
  const warningMs = Math.min(WARNING_SECONDS * 1000, idleMs / 2);
  const form = dialog.querySelector('form');
  const countdown = dialog.querySelector('.app-timeout-warning__countdown');
  const announcement = dialog.querySelector('[data-timeout-announcement]');
  let warning;
  let ticking;
  let deadline = 0;

  const send = (name, value) => {
    const input = document.createElement('input');
    Object.assign(input, { type: 'hidden', name, value });
    form.append(input);
  };

  const signOut = () => {
    clearInterval(ticking);
    // A question page's answers go with the sign-out, to be kept on the server: signing in again continues there.
    const journey = document.querySelector('main button[name="intent"]')?.form;
    if (journey) {
      for (const [name, value] of new FormData(journey)) {
        if (typeof value === 'string' && name !== '_csrf' && name !== 'intent') send(name, value);
      }
      send('keep-for', journey.getAttribute('action') ?? window.location.pathname);
    }
    // The sign-in page then says why the person was signed out.
    send('timed-out', '1');
    form.submit();
  };

  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    countdown.textContent = inWords(left);
    if (left > 0 && left % ANNOUNCE_EVERY === 0) announcement.textContent = `We will sign you out in ${inWords(left)}.`;
    if (left === 0) signOut();
  };

  const restart = () => {
    clearTimeout(warning);
    clearInterval(ticking);
    announcement.textContent = '';
    if (dialog.open) dialog.close();
    warning = setTimeout(() => {
      deadline = Date.now() + warningMs;
      tick();
      dialog.showModal();
      ticking = setInterval(tick, 1000);
    }, idleMs - warningMs);
  };

  const staySignedIn = async () => {
    try {
      const response = await fetch(dialog.dataset.stayUrl, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: form.elements['_csrf'].value }),
        credentials: 'same-origin',
        redirect: 'manual',
      });
      // Anything but "kept" (a redirect to sign in, an expired form) means the session has already ended.
      if (response.status === 204) restart();
      else signOut();
    } catch {
      signOut();
    }
  };

  dialog.querySelector('[data-timeout-stay]').addEventListener('click', staySignedIn);
  // Escape means "Stay signed in", as the pattern says, rather than closing the warning and leaving the clock running.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    void staySignedIn();
  });
  restart();
}
