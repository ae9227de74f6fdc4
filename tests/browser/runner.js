// Runs CORS cases with fetch() and reports what the browser let the script
// see: "ok <status> ..." when the response was readable, "blocked" when the
// browser refused it (fetch rejects with a TypeError).
async function observe(testCase) {
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
