// Runs CORS cases with fetch() and reports what the browser let the script
// see: "ok <status> ..." when the response was readable, "blocked" when the
// browser refused it (fetch rejects with a TypeError). A case with `run`
// observes by itself (a form post).
async function observe(testCase) {
  if (testCase.run) {
    return await testCase.run();
  }
  const init = Object.assign({ signal: AbortSignal.timeout(10000) }, testCase.init || {});
  try {
    const response = await fetch(testCase.url, init);
    if (testCase.read) {
      return await testCase.read(response);
    }
    return "ok " + response.status;
  } catch (error) {
    return error.name === "TimeoutError" ? "timeout" : "blocked";
  }
}

// Posts an HTML form (application/x-www-form-urlencoded) into a hidden
// frame, so the page stays, and reports "submitted" once the answer loaded
// there. The answer is another origin's, which the page cannot read: what
// the server stored tells whether the handler ran.
function postForm(action, fields) {
  return new Promise((resolve) => {
    const target = document.createElement("iframe");
    target.name = "form-target-" + Math.random().toString(36).slice(2);
    target.hidden = true;
    document.documentElement.appendChild(target);
    const form = document.createElement("form");
    Object.assign(form, { method: "post", action, target: target.name });
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name, value });
      form.appendChild(input);
    }
    document.documentElement.appendChild(form);
    const timer = setTimeout(() => resolve("timeout"), 10000);
    target.addEventListener("load", () => {
      // The frame's first document, about:blank, is this page's origin;
      // the answer is the first one this page may not look into.
      try {
        if (target.contentWindow.location.href === "about:blank") return;
      } catch (error) {
        // another origin's document: the answer
      }
      clearTimeout(timer);
      resolve("submitted");
    });
    form.submit();
  });
}

async function runCases(role) {
  const results = [];
  for (const testCase of CASES[role]) {
    results.push({ name: testCase.name, got: await observe(testCase) });
  }
  return results;
}

// In a frame: run this frame's cases and hand the results to the top page.
function runInFrame(role) {
  runCases(role).then((results) => parent.postMessage({ role, results }, "*"));
}
