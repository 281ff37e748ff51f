// A Server Component: it renders the client island below; the hooks run only there.
import { Room } from './Room';

export default function Page() {
  return (
    <main>
      <h1>ChannelKit</h1>
      <Room />
    </main>
  );
}
