import { describe, expect, it } from 'vitest'
import { createSingleFlight } from '../src/single-flight.js'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('createSingleFlight', () => {
  it('runs a task once for concurrent callers of the same key', async () => {
    const flights = createSingleFlight<number>()
    const gate = deferred<number>()
    let runs = 0
    const task = () => {
      runs++
      return gate.promise
    }
    const all = Promise.all([
      flights.run('a', task),
      flights.run('a', task),
      flights.run('a', task),
    ])
    gate.resolve(7)
    expect(await all).toEqual([7, 7, 7])
    expect(runs).toBe(1)
    expect(flights.size).toBe(0)
  })

  it('runs different keys separately', async () => {
    const flights = createSingleFlight<string>()
    const results = await Promise.all([
      flights.run('a', async () => 'A'),
      flights.run('b', async () => 'B'),
    ])
    expect(results).toEqual(['A', 'B'])
  })

  it('keeps a result for keepFor milliseconds, then runs again', async () => {
    let clock = 1_000
    const flights = createSingleFlight<number>({ keepFor: () => 500, now: () => clock })
    let runs = 0
    const task = async () => ++runs
    expect(await flights.run('k', task)).toBe(1)
    clock += 499
    expect(await flights.run('k', task)).toBe(1)
    clock += 1
    expect(await flights.run('k', task)).toBe(2)
    expect(runs).toBe(2)
  })

  it('never keeps a failure: the next caller runs the task again', async () => {
    const flights = createSingleFlight<number>({ keepFor: () => 60_000 })
    let runs = 0
    await expect(
      flights.run('k', async () => {
        runs++
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await flights.run('k', async () => ++runs)).toBe(2)
  })

  it('shares a failure among the callers that were waiting for it', async () => {
    const flights = createSingleFlight<number>()
    const gate = deferred<number>()
    const a = flights.run('k', () => gate.promise)
    const b = flights.run('k', async () => 99)
    gate.reject(new Error('down'))
    await expect(a).rejects.toThrow('down')
    await expect(b).rejects.toThrow('down')
  })

  it('bounds the kept results, dropping the oldest', async () => {
    const flights = createSingleFlight<number>({ keepFor: () => 60_000, maxEntries: 2 })
    await flights.run('a', async () => 1)
    await flights.run('b', async () => 2)
    await flights.run('c', async () => 3)
    await Promise.resolve()
    expect(flights.size).toBe(2)
    expect(await flights.run('a', async () => 10)).toBe(10)
    expect(await flights.run('c', async () => 30)).toBe(3)
  })

  it('forget drops a kept result', async () => {
    const flights = createSingleFlight<number>({ keepFor: () => 60_000 })
    await flights.run('k', async () => 1)
    flights.forget('k')
    expect(await flights.run('k', async () => 2)).toBe(2)
  })
})
