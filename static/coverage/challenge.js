// The correction request form's anti-spam check (ALTCHA's proof of work): find
// the number whose SHA-256, after the salt the server signed, is the challenge
// the form carries, and post it back with the signature. All in this browser,
// with crypto.subtle; nothing is sent anywhere else. See coverage/public/challenge.py.
"use strict";

(function () {
  const form = document.querySelector("form[data-challenge]");
  if (!form) {
    return;
  }
  const field = form.querySelector("input[name=challenge]");
  const status = document.getElementById("challenge-status");
  const data = form.dataset;
  const encoder = new TextEncoder();
  const BATCH = 500;
  let solved = false;
  let sendWhenSolved = false;

  function say(text) {
    status.textContent = text;
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (byte) {
      return byte.toString(16).padStart(2, "0");
    }).join("");
  }

  async function solve() {
    const max = parseInt(data.maxNumber, 10);
    for (let start = 0; start <= max; start += BATCH) {
      const tries = [];
      for (let number = start; number < start + BATCH && number <= max; number++) {
        tries.push(crypto.subtle.digest(data.algorithm, encoder.encode(data.salt + number)));
      }
      const digests = await Promise.all(tries);
      const found = digests.findIndex(function (digest) {
        return hex(digest) === data.challenge;
      });
      if (found !== -1) {
        return start + found;
      }
    }
    return null;
  }

  if (!window.crypto || !window.crypto.subtle) {
    say("This browser cannot run the anti-spam check (it needs a secure connection). Please use another browser.");
    return;
  }
  say("Running the anti-spam check…");
  solve().then(function (number) {
    if (number === null) {
      say("The anti-spam check failed. Please reload the page.");
      return;
    }
    field.value = btoa(JSON.stringify({
      algorithm: data.algorithm,
      challenge: data.challenge,
      number: number,
      salt: data.salt,
      signature: data.signature,
    }));
    solved = true;
    say("Anti-spam check done: you can send the report.");
    if (sendWhenSolved) {
      form.requestSubmit();
    }
  });

  form.addEventListener("submit", function (event) {
    if (!solved) {
      event.preventDefault();
      sendWhenSolved = true;
      say("Finishing the anti-spam check; the report is sent as soon as it is done…");
    }
  });
})();
