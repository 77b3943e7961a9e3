// The staff console's only script (served as /console/console.js, CSP script-src 'self'):
// refreshes a conversation's transcript every 3 s from its data-source URL.
const list = document.getElementById("transcript");
if (list) {
  const refresh = async () => {
    const answer = await fetch(list.dataset.source, {credentials: "same-origin"});
    if (!answer.ok) return;
    const rows = await answer.json();
    list.replaceChildren(...rows.map((row) => {
      const item = document.createElement("li");
      item.className = row.direction;
      item.textContent = row.at + " " + row.who + ": " + row.text;
      return item;
    }));
  };
  setInterval(refresh, 3000);
}
