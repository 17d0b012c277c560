package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Manager;
import picocli.CommandLine.Command;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A list of records held by a manager process: one child appends a record, then a second
 * child prints them all. Both reach the same list through the proxy they were given;
 * neither has a copy of its own.
 *
 * <p>Twins seed 003, "Server process" ({@code manager.list([('Sam', 10), ('Adam', 9),
 * ('Kevin', 9)])}, {@code insert_record} and {@code print_records}).
 */
@Command(name = "manager-records", mixinStandardHelpOptions = true,
        description = "One child appends a record to a Manager list, a second prints them (seed 003).")
public final class ManagerRecords implements Callable<Integer> {

    /** One record: a name and a score (the seed's tuple). */
    record Record(String name, int score) implements Serializable {
    }

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Manager manager = mp.manager();
             Children.Ending ending = Children.endOnExit(mp)) {
            // a list in the server process's memory
            List<Record> records = manager.list(List.of(new Record("Sam", 10), new Record("Adam", 9),
                    new Record("Kevin", 9)));
            Record newRecord = new Record("Jeff", 8);

            ChildProcess p1 = mp.process(ManagerRecords::insertRecord, newRecord, records).start();
            if (Children.joinAll(p1) != 0) {
                return 1;
            }
            ChildProcess p2 = mp.process(ManagerRecords::printRecords, records).start();
            return Children.joinAll(p2);
        }
    }

    static void printRecords(List<Record> records) {
        for (Record record : records) {
            System.out.println("Name: " + record.name() + "\nScore: " + record.score() + "\n");
        }
    }

    static void insertRecord(Record record, List<Record> records) {
        records.add(record);
        System.out.println("New record added!\n");
    }
}
