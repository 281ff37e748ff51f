// The stories' static data, shared so that tests check what the stories show.
export * from '../../stories/_data.js';
